"""Traffic mixes of the three roles (issue 9 item 6), for locust.

Run by tests/perf/bench_load.py (`make bench`), or by hand against a running stack:

    .venv/bin/locust -f tests/perf/locustfile.py --host http://127.0.0.1:8000 \
        --headless --users 50 --spawn-rate 10 --run-time 2m

Every user logs in through /login/ (with the CSRF token of the form) as one of the demo users
(`seed_demo`; password from DEMO_PASSWORD, default demo-star-2026). Requests are named by page
group (the `name=` of each request), so the statistics group e.g. all benchmark months together.

Mix (by user count): 60 % job-centre managers (their own benchmark page is the most visited page
of the system), 25 % STAR staff, 15 % steering-group members. `/healthz` is requested now and then
by every role as the in-run reference.

The ramp-up (50 log-ins, each a deliberately slow PBKDF2 password check) would dominate the
figures of the first half minute, so once every user has logged in the log-in figures are
logged (lines starting "RAMP-UP") and the statistics are reset: the CSV holds the steady state.
Set LOAD_KEEP_RAMPUP=1 to keep the ramp-up in the statistics.
"""

import logging
import os
import random
import re

from locust import HttpUser, between, task

log = logging.getLogger("star.load")

PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-star-2026")
KEEP_RAMPUP = os.environ.get("LOAD_KEEP_RAMPUP") == "1"
_started = {"users": 0}


def _user_ready(environment):
    """Count users past on_start; when all are, log the ramp-up and reset the statistics."""
    _started["users"] += 1
    target = getattr(environment.parsed_options, "num_users", None) if environment else None
    if KEEP_RAMPUP or not target or _started["users"] != target:
        return
    stats = environment.runner.stats
    for name, method in (("login (post)", "POST"), ("login (form)", "GET")):
        entry = stats.get(name, method)
        if entry.num_requests:
            log.warning(
                "RAMP-UP %s: n=%d p50=%d ms p95=%d ms max=%d ms failures=%d",
                name,
                entry.num_requests,
                entry.get_response_time_percentile(0.5),
                entry.get_response_time_percentile(0.95),
                entry.max_response_time,
                entry.num_failures,
            )
    total = stats.total
    log.warning(
        "RAMP-UP all requests: n=%d p50=%d ms p95=%d ms failures=%d (reset now)",
        total.num_requests,
        total.get_response_time_percentile(0.5),
        total.get_response_time_percentile(0.95),
        total.num_failures,
    )
    stats.reset_all()


CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SLUG_FALLBACK = ["flere-skal-med", "sygedagpenge-afbureaukratisering"]


class StarUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self):
        page = self.client.get("/login/", name="login (form)")
        match = CSRF_RE.search(page.text)
        token = match.group(1) if match else ""
        with self.client.post(
            "/login/",
            data={"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/login/"},
            name="login (post)",
            catch_response=True,
        ) as response:
            if "/login/" in response.url:
                response.failure(f"log-in as {self.username} failed")
        self.slugs = self._reform_slugs()
        self.ready()

    def ready(self):
        _user_ready(self.environment)

    def _reform_slugs(self):
        with self.client.get(
            "/api/v1/reforms/", name="api: reforms", catch_response=True
        ) as response:
            if response.status_code != 200:
                response.success()  # the role may not list reforms in the API; use the demo slugs
                return SLUG_FALLBACK
            data = response.json()
            rows = data.get("results", data) if isinstance(data, dict) else data
            return [r["slug"] for r in rows if r.get("slug")] or SLUG_FALLBACK

    def slug(self):
        return random.choice(self.slugs)

    @task(1)
    def healthz(self):
        self.client.get("/healthz", name="/healthz")


class StaffUser(StarUser):
    """STAR staff: reform overview, the reform workspace, plan, risk log, indicators, runs, API."""

    weight = 5
    username = "star"

    @task(3)
    def reform_overview(self):
        self.client.get("/reforms/", name="staff: reform overview")

    @task(3)
    def workspace(self):
        self.client.get(f"/reforms/{self.slug()}/", name="staff: reform workspace")

    @task(2)
    def plan(self):
        self.client.get(f"/reforms/{self.slug()}/plan/", name="staff: plan")

    @task(2)
    def risk_log(self):
        self.client.get(f"/reforms/{self.slug()}/risks/", name="staff: risk log")

    @task(2)
    def indicator_list(self):
        self.client.get("/indicators/", name="staff: indicator list")

    @task(1)
    def runs(self):
        self.client.get("/computations/", name="staff: computation runs")

    @task(2)
    def api_values(self):
        code = random.choice([101, 751, 461, 851, 147])
        self.client.get(f"/api/v1/values/?municipality={code}", name="staff: api values")


class SteeringUser(StarUser):
    """Steering-group member: the reform dashboard, the national overview, escalations."""

    weight = 3
    username = "styregruppe"

    @task(4)
    def dashboard(self):
        self.client.get(f"/benchmark/reform/{self.slug()}/", name="steering: reform dashboard")

    @task(3)
    def overview(self):
        self.client.get("/benchmark/oversigt/", name="steering: national overview")

    @task(2)
    def escalations(self):
        self.client.get("/reforms/escalations/", name="steering: escalations")


class JobCentreManager(StarUser):
    """Job-centre manager of Aarhus (751) or København (101): his benchmark page above all."""

    weight = 12

    def on_start(self):
        self.code = random.choice([751, 101])
        self.username = f"jc{self.code}"
        self.months = []
        self.reports_url = None
        self.pdf_urls = []
        super().on_start()

    def ready(self):
        self.months = self._months()
        self.reports_url = self._optional("/rapporter/")
        self.pdf_urls = self._report_pdfs()
        super().ready()

    def _months(self):
        page = self.client.get(f"/benchmark/{self.code}/", name="jc: benchmark page")
        return re.findall(r'<option value="(\d{4}-\d{2})"', page.text)[:12]

    def _report_pdfs(self):
        """The PDF links of his own reports (the archive API lists only his municipality)."""
        response = self.client.get("/api/v1/reports/", name="jc: api reports")
        if response.status_code != 200:
            return []
        rows = response.json().get("results", [])
        return [f"/rapporter/{row['id']}/pdf/" for row in rows if row.get("id")][:3]

    def _optional(self, url):
        """url if the page exists in this build (the reports app may not be installed)."""
        with self.client.get(url, name="jc: report list (probe)", catch_response=True) as response:
            if response.status_code == 404:
                response.success()
                return None
        return url

    @task(10)
    def benchmark_page(self):
        self.client.get(f"/benchmark/{self.code}/", name="jc: benchmark page")

    @task(4)
    def month_switch(self):
        if not self.months:
            return
        self.client.get(
            f"/benchmark/{self.code}/?period={random.choice(self.months)}",
            headers={"HX-Request": "true"},
            name="jc: benchmark month switch (htmx)",
        )

    @task(2)
    def reform_page(self):
        self.client.get(f"/reforms/{self.slug()}/page/", name="jc: reform page")

    @task(1)
    def report_list(self):
        if self.reports_url:
            self.client.get(self.reports_url, name="jc: report list")

    @task(1)
    def report_pdf(self):
        if self.pdf_urls:
            self.client.get(random.choice(self.pdf_urls), name="jc: report PDF download")
