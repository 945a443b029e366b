"""Loads the 98 municipalities and 5 regions from the CSV shipped in indicators/data/."""

import csv
from pathlib import Path

KOMMUNER_CSV = Path(__file__).resolve().parent / "data" / "kommuner.csv"


def read_municipality_rows(path=KOMMUNER_CSV):
    """Rows of kommuner.csv as dicts with integer codes."""
    with open(path, encoding="utf-8", newline="") as f:
        return [
            {
                "code": int(row["code"]),
                "name": row["name"].strip(),
                "region_code": int(row["region_code"]),
                "region": row["region"].strip(),
                "rar": row["rar"].strip(),
                "population": int(row["population"]) if row["population"] else None,
                "population_year": int(row["population_year"]) if row["population_year"] else None,
            }
            for row in csv.DictReader(f)
        ]


def load_geography(region_model, municipality_model):
    """Create or update every region and municipality (idempotent); returns the count loaded."""
    rows = read_municipality_rows()
    for row in rows:
        region_model.objects.update_or_create(
            code=row["region_code"], defaults={"name": row["region"]}
        )
    for row in rows:
        municipality_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "region_id": row["region_code"],
                "rar": row["rar"],
                "population": row["population"],
                "population_year": row["population_year"],
            },
        )
    return len(rows)
