"""The one PDF rendering function of the project: the monthly benchmark reports and the meeting
pack both print through `render_pdf`.

- Fonts: the DKFDS typeface, IBM Plex Sans, from the `dkfds` npm package that `make install`
  already puts in node_modules (settings.PDF_FONTS), declared through @font-face. No system
  font path and no fontconfig lookup is needed: a machine with no fonts installed at all renders
  the same PDF, its text embedded and extractable.
- Tagged PDF/UA-1; /Lang comes from the document's <html lang> (Danish: "da").
- WeasyPrint's font configuration and the parsed stylesheets are made once per process and
  reused by every document: WeasyPrint registers a font face only once per configuration, and
  Pango keeps its font caches with it. A process renders one document at a time (Celery
  prefork, or a request), so sharing within it is safe.
- The cyclic garbage collector is paused during a render (`gc_paused`).
"""

import atexit
import contextlib
import gc
import os
from pathlib import Path

from celery.signals import worker_process_shutdown
from django.conf import settings

PDF_VARIANT = "pdf/ua-1"
FONT_FAMILY = "IBM Plex Sans"

_SHARED = {}  # pid -> (FontConfiguration, CSS of the @font-face rules, {stylesheet path: CSS})


def font_faces():
    """The font faces of every PDF: [{"family", "weight", "style", "path"}]."""
    return settings.PDF_FONTS


def regular_font_path():
    """The file of the regular face of FONT_FAMILY (the SVG charts measure text with it)."""
    return next(
        f["path"]
        for f in font_faces()
        if f["family"] == FONT_FAMILY and f["weight"] == 400 and f["style"] == "normal"
    )


def font_face_css():
    """The @font-face rules of font_faces(), with file URLs."""
    return "\n".join(
        f'@font-face {{ font-family: "{f["family"]}"; src: url("{Path(f["path"]).as_uri()}"); '
        f"font-weight: {f['weight']}; font-style: {f['style']}; }}"
        for f in font_faces()
    )


def _shared():
    """This process's (FontConfiguration, font CSS, stylesheet cache), made on first use.

    Keyed by process id: a forked child makes its own. A FontConfiguration owns a temp folder
    with copies of the font files and deletes it when it is dropped, so one inherited from a
    parent is disarmed (the folder is the parent's) rather than dropped."""
    from weasyprint import CSS  # here: only processes that make PDFs load WeasyPrint
    from weasyprint.text.fonts import FontConfiguration

    pid = os.getpid()
    shared = _SHARED.get(pid)
    if shared is None:
        for inherited_pid, (font_config, _fonts, _sheets) in list(_SHARED.items()):
            font_config._folder = None  # the parent's folder: not ours to delete
            del _SHARED[inherited_pid]
        font_config = FontConfiguration()
        fonts = CSS(string=font_face_css(), font_config=font_config)
        shared = _SHARED[pid] = (font_config, fonts, {})
        atexit.register(release)
    return shared


def stylesheet(path):
    """The stylesheet at path (relative to BASE_DIR), parsed once per process."""
    from weasyprint import CSS

    font_config, _fonts, sheets = _shared()
    css = sheets.get(path)
    if css is None:
        full = Path(settings.BASE_DIR) / path
        css = sheets[path] = CSS(
            string=full.read_text(), base_url=str(full), font_config=font_config
        )
    return css


def release():
    """Drop this process's font configuration (which deletes its temp folder of fonts) and
    stylesheets; called at exit and by a Celery pool process before it exits. Safe to call
    more than once."""
    _SHARED.pop(os.getpid(), None)


@worker_process_shutdown.connect
def _release_at_worker_exit(**kwargs):
    """A Celery pool process exits without running atexit handlers: release() there too."""
    release()


@contextlib.contextmanager
def gc_paused():
    """Run the block with the cyclic garbage collector paused, then collect the youngest
    generation once (nested: only the outermost collects).

    A render allocates a few hundred thousand objects that live until it ends. With the
    collector running, they trigger dozens of young collections that traverse them again and
    again, and full collections that also traverse the whole Django heap (in the report
    benchmark about a third of a report's time). Paused, the render's cyclic garbage (~70 000
    objects, WeasyPrint's boxes and styles) is found in one pass over the young generation
    afterwards; memory is back where it was after each render."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(0)


def render_pdf(html, *, stylesheets=()):
    """PDF bytes of the HTML document html: the project's fonts, the given stylesheets (paths
    relative to BASE_DIR, parsed once per process) after the document's own styles, tagged
    PDF/UA-1 with /Lang from <html lang>; relative URLs resolve against BASE_DIR."""
    from weasyprint import HTML

    font_config, fonts, _sheets = _shared()
    sheets = [fonts, *(stylesheet(path) for path in stylesheets)]
    with gc_paused():
        return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
            stylesheets=sheets, font_config=font_config, pdf_variant=PDF_VARIANT
        )
