"""The API's interactive documentation (Swagger UI) under the site's CSP: the sidecar's files
and one static script of ours, configured through data attributes; nothing inline."""

from drf_spectacular.views import SpectacularSwaggerView


class SwaggerUIView(SpectacularSwaggerView):
    """drf-spectacular's Swagger view with our template: its own template inlines the start
    script, which `script-src 'self'` blocks (issue 21)."""

    template_name = "core/swagger_ui.html"
