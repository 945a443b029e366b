"""Every PDF (the monthly report and the meeting pack) renders through core.pdf with the project's
own fonts: IBM Plex Sans from the dkfds npm package, embedded, on a machine with no fonts at all."""

import datetime
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from django.conf import settings
from pypdf import PdfReader

from benchmarks.formatting import da_number
from benchmarks.models import Report
from benchmarks.reports.document import STYLESHEET, municipal_document
from benchmarks.reports.services import reports_request
from indicators.models import IndicatorValue

from .reports_data import make_indicator_values

JUNE = datetime.date(2024, 6, 1)
ROOT = Path(settings.BASE_DIR)

RENDER = """
import sys
import django

django.setup()
from core.pdf import render_pdf

html = open(sys.argv[1], encoding="utf-8").read()
stylesheets = sys.argv[3:]
open(sys.argv[2], "wb").write(render_pdf(html, stylesheets=stylesheets))
"""


def _no_fonts_env(tmp_path):
    """The environment of a machine without fonts: fontconfig reads a configuration whose only
    font folder is empty (and no include of the system's conf.d), its cache in a fresh folder."""
    fonts, cache = tmp_path / "fonts", tmp_path / "fc-cache"
    fonts.mkdir()
    cache.mkdir()
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><dir>{fonts}</dir><cachedir>{cache}</cachedir></fontconfig>\n"
    )
    env = os.environ.copy()
    env.update(
        FONTCONFIG_FILE=str(config),
        FONTCONFIG_PATH=str(tmp_path),
        HOME=str(tmp_path),
        XDG_DATA_HOME=str(tmp_path / "share"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    return env


def _render_without_fonts(html, tmp_path, stylesheets=()):
    env = _no_fonts_env(tmp_path)
    if shutil.which("fc-list"):  # the configuration really hides every installed font
        listed = subprocess.run(["fc-list"], env=env, capture_output=True, text=True, check=True)
        assert listed.stdout.strip() == ""
    source, target = tmp_path / "doc.html", tmp_path / "doc.pdf"
    source.write_text(html, encoding="utf-8")
    subprocess.run(
        [sys.executable, "-c", RENDER, str(source), str(target), *stylesheets],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    return target.read_bytes()


def _fonts(path):
    """pdffonts' rows: (name, embedded)."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = []
    for line in out.stdout.splitlines()[2:]:
        parts = line.split()
        # name type [encoding words] emb sub uni object ID: emb is the 5th field from the end
        rows.append((parts[0], parts[-5]))
    return rows


def _family(name):
    """The face of a pdffonts name without the subset tag: "ABCDEF+IBM-Plex-Sans-Bold" ->
    "IBMPlexSansBold"."""
    return name.split("+")[-1].replace("-", "")


def _text(data):
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


@pytest.mark.django_db
def test_report_renders_with_no_fonts_installed_and_embeds_ibm_plex(tmp_path):
    make_indicator_values()
    reports_request(period=JUNE, municipalities=[751], enqueue=False)
    report = Report.objects.select_related("municipality__region").get(
        municipality_id=751, period=JUNE
    )
    html, _figures, _as_of, _run = municipal_document(report=report)

    data = _render_without_fonts(html, tmp_path, stylesheets=[STYLESHEET])

    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "da" and "/StructTreeRoot" in root  # still tagged PDF/UA
    assert reader.metadata.title == "Benchmarkrapport Aarhus 2024-06"
    text = _text(data)
    assert "Benchmarkrapport Aarhus 2024-06" in text
    assert "Sådan er tallene beregnet" in text  # æ, ø, å come out as text
    for value in IndicatorValue.objects.filter(municipality=751, period=JUNE, suppressed=False):
        assert da_number(value.value) in text, value.indicator.code
    fonts = _fonts(tmp_path / "doc.pdf")
    assert fonts, "no fonts in the PDF"
    assert {_family(name) for name, _ in fonts} <= {
        "IBMPlexSans",
        "IBMPlexSansBold",
        "IBMPlexSansItalic",
        "IBMPlexSansBoldItalic",
    }, fonts
    assert all(embedded == "yes" for _, embedded in fonts), fonts


@pytest.mark.django_db
def test_meeting_pack_pdf_uses_the_same_renderer_and_fonts(tmp_path, users, settings):
    from risklog.models import MeetingPackPdf
    from risklog.services import meeting_pack_pdf_render
    from tests.world_risklog import make_plan_and_risks

    settings.MEDIA_ROOT = tmp_path
    plan = make_plan_and_risks(users)
    pdf = MeetingPackPdf.objects.create(meeting=plan["meeting"], requested_by=users["staff"])
    pdf = meeting_pack_pdf_render(pdf_id=pdf.pk)
    path = Path(pdf.file.path)
    reader = PdfReader(path)
    assert reader.trailer["/Root"]["/Lang"] == "da"
    assert "Lav prioritering" in _text(path.read_bytes())
    fonts = _fonts(path)
    assert fonts and all(_family(name).startswith("IBMPlexSans") for name, _ in fonts), fonts
    assert all(embedded == "yes" for _, embedded in fonts), fonts
