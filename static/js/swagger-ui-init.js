/* Starts Swagger UI on /api/v1/docs/ (core/swagger_ui.html): the configuration comes from the
   data attributes of #swagger-ui, so the page needs no inline script under the CSP. */
"use strict";

(function () {
  const root = document.getElementById("swagger-ui");
  if (!root || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  const data = root.dataset;
  const settings = JSON.parse(data.settings || "{}");

  // Session users writing through the UI need the CSRF header; token users do not.
  const requestInterceptor = (request) => {
    if (!["GET", undefined].includes(request.method) && request.credentials === "same-origin") {
      request.headers[data.csrfHeader] = data.csrfToken;
    }
    return request;
  };

  window.ui = SwaggerUIBundle({
    url: data.schemaUrl,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "BaseLayout",
    requestInterceptor,
    ...settings,
  });
})();
