"""The vectorised CSV check never accepts what the row-by-row validator rejects."""

import pytest

from .test_import_rejects import GOOD, HEADER

pytestmark = pytest.mark.django_db


def _fast(content):
    from indicators.imports.columns import fast_check_csv
    from indicators.imports.validate import Lookups

    return fast_check_csv(content.encode("utf-8"), Lookups.from_database())


@pytest.mark.parametrize(
    "bad_line",
    [
        "hverken_eller;751;2024-01;5",
        "kth_modtagere;999;2024-01;5",
        "kth_modtagere;Hele landet;2024-01;5",
        "kth_modtagere;751;2024-13;5",
        "kth_modtagere;751;2024-02;-1",
        "kth_modtagere;751;2024-02;abc",
        "kth_modtagere;751;2024-02;nan",
        "kth_modtagere;751;2024-02;inf",
        "kth_modtagere;751;2024-02;1_000",
        "kth_modtagere;751;2024-02;1,2,3",
        "kth_modtagere;751;2024-01;7",  # duplicate of GOOD
        "kth_modtagere;751;2024-02",  # short row
        "kth_modtagere;751;2024-02;5;6",  # long row
    ],
)
def test_fast_path_declines_every_bad_file(measures, bad_line):
    assert _fast(HEADER + GOOD + bad_line + "\n") is None


@pytest.mark.parametrize(
    ("content", "comma"),
    [
        (HEADER + GOOD + "kth_modtagere;0751;2024M02;..\nvirk_tilbud;Aarhus;2024-01;\n", False),
        (HEADER + GOOD + "kth_modtagere;101;2024-02;1.234,5\n", True),
        ("\ufeffMeasure,Municipality,Period,Value\nkth_modtagere,751,2024-01,1e3\n", False),
    ],
)
def test_fast_path_accepts_valid_files_and_loads_the_same_values(measures, content, comma):
    from .conftest import observations, run_import

    fast = _fast(content)
    assert fast is not None
    assert fast.comma_decimal is comma
    batch = run_import(content)
    assert batch.status == "succeeded"
    stored = observations()
    assert stored[("kth_modtagere", 751, "2024-01")] in (5.0, 1000.0)
    if comma:
        assert stored[("kth_modtagere", 101, "2024-02")] == 1234.5


@pytest.mark.parametrize("decimal_comma", [False, True])
def test_every_path_stores_the_exact_double(measures, decimal_comma):
    """The vectorised path (pandas round-trip parsing, or float() of the text values with
    decimal commas) and the row-by-row path both store float(text) exactly."""
    from .conftest import observations, run_import

    texts = ["0.1", "1234.56789012345678", "2.675", "9007199254740993", "1e-7", "0"]
    lines = []
    for i, text in enumerate(texts):
        cell = text
        if decimal_comma:
            cell = text.replace(".", ",") if "e" not in text else "0,0000001"
        lines.append(f"kth_modtagere;{[101, 147, 151, 153, 155, 157][i]};2024-01;{cell}\n")
    batch = run_import(HEADER + "".join(lines))
    assert batch.status == "succeeded", batch.errors
    assert batch.timings["path"] == "vectorised"
    stored = observations()
    for i, text in enumerate(texts):
        code = [101, 147, 151, 153, 155, 157][i]
        assert stored[("kth_modtagere", code, "2024-01")] == float(text), text
    # the same file with a quote goes row by row and stores the same doubles
    from indicators.models import Observation

    Observation.objects.all().delete()
    quoted = HEADER + "".join(lines).replace("kth_modtagere;101", '"kth_modtagere";101')
    batch = run_import(quoted)
    assert batch.timings["path"] == "row-by-row"
    assert observations() == stored
