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


def _value_file(texts):
    codes = [101, 147, 151, 153, 155, 157, 159, 161, 163, 165, 167, 169]
    lines = [f"kth_modtagere;{codes[i]};2024-01;{text}\n" for i, text in enumerate(texts)]
    return HEADER + "".join(lines), codes


@pytest.mark.parametrize(
    ("texts", "converter"),
    [
        # short numbers in the plain range: pandas' quicker converter
        (["0.1", "2.675", "12345678901.23", "0.30000000000", "1.5e3", "7", "1e-7"], "high"),
        # a number of 15+ digits anywhere: the round-trip converter from the start
        (["0.1", "1234.56789012345678"], "round_trip"),
        (["0.1", "9007199254740993"], "round_trip"),
        # short, but so small or large that the quick one may round wrongly: read again
        (["0.1", "1e-12"], "round_trip"),
        (["0.1", "5e22"], "round_trip"),
    ],
)
def test_the_converter_is_chosen_by_the_numbers_and_values_are_float_of_the_text(
    measures, texts, converter
):
    from .conftest import observations, run_import

    content, codes = _value_file(texts)
    fast = _fast(content)
    assert fast is not None
    assert fast.converter == converter
    batch = run_import(content)
    assert batch.status == "succeeded", batch.errors
    stored = observations()
    for code, text in zip(codes, texts, strict=False):
        assert stored[("kth_modtagere", code, "2024-01")] == float(text), text


def test_quick_converter_agrees_with_float_on_random_short_numbers(measures):
    """The reasoning in columns._exactly_parsed, tried: 3,000 random numbers of at most 14
    characters before any exponent, parsed by the vectorised path as float() does."""
    import random

    from indicators.imports.columns import fast_check_csv
    from indicators.imports.validate import Lookups

    rnd = random.Random(15)
    texts = []
    for _ in range(3000):
        digits = "".join(rnd.choice("0123456789") for _ in range(rnd.randint(1, 13)))
        cut = rnd.randint(0, len(digits))
        text = f"{digits[:cut]}.{digits[cut:]}" if rnd.random() < 0.7 else digits
        text = "0" if text == "." else text
        if rnd.random() < 0.3:
            text += f"e{rnd.choice(['', '-', '+'])}{rnd.randint(0, 30)}"
        texts.append(text)
    periods = [f"{2000 + i // 12}-{i % 12 + 1:02d}" for i in range(len(texts))]
    content = HEADER + "".join(
        f"kth_modtagere;751;{period};{text}\n" for period, text in zip(periods, texts, strict=True)
    )
    fast = fast_check_csv(content.encode(), Lookups.from_database())
    assert fast is not None
    assert fast.converter == "round_trip"  # some exponents leave the exact range: read again
    in_range = [t for t in texts if float(t) == 0 or 1e-9 <= float(t) < 1e22]
    content = HEADER + "".join(
        f"kth_modtagere;751;{period};{text}\n"
        for period, text in zip(periods, in_range, strict=False)
    )
    fast = fast_check_csv(content.encode(), Lookups.from_database())
    assert fast.converter == "high"
    assert fast.arrays["value"].tolist() == [float(t) for t in in_range]  # file order


def test_short_numbers_finds_exactly_the_runs_of_15_digits_or_points():
    """The word-wise search against the plain regular expression on 20,000 random byte
    strings dense in digits (every alignment of every run length)."""
    import random
    import re

    from indicators.imports.columns import _short_numbers

    rnd = random.Random(15)
    for _ in range(20_000):
        data = bytes(rnd.choice(b"0123456789.;x-") for _ in range(rnd.randint(1, 60)))
        assert _short_numbers(data) is (re.search(rb"[0-9.]{15}", data) is None), data
