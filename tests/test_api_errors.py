"""Regression tests for 5xx answers found by schemathesis and the permission matrix."""

import pytest

pytestmark = pytest.mark.django_db


def test_options_describes_an_endpoint_instead_of_500(api_for, users):
    """OPTIONS (DRF metadata) was not in permission_type_map: ImproperlyConfigured -> 500."""
    response = api_for("staff").options("/api/v1/reforms/")
    assert response.status_code == 200, response.content
    assert response.json()["name"]
    assert api_for("jc751").options("/api/v1/reforms/").status_code == 403
    assert api_for("anonymous").options("/api/v1/reforms/").status_code == 401


def test_deleting_a_referenced_object_is_a_409_not_a_500(api_for, users):
    """on_delete=PROTECT raised ProtectedError through the API: 500."""
    from reforms.models import Office, Person

    office = Office.objects.create(code="prot", name="Beskyttet", kind=Office.Kind.IMPL)
    Person.objects.create(name="Bruger", email="bruger@star.dk", office=office)
    response = api_for("staff").delete(f"/api/v1/offices/{office.pk}/")
    assert response.status_code == 409, response.content
    assert "bruges af" in response.json()["detail"]
    assert Office.objects.filter(pk=office.pk).exists()


def test_nullable_fields_are_null_in_the_schema_and_the_response():
    """The schema said string/integer where the API answers null (schemathesis: ST108)."""
    from .test_api_contract import openapi_dict

    schemas = openapi_dict()["components"]["schemas"]
    assert schemas["ComputationRun"]["properties"]["requested_by"]["nullable"] is True
    assert schemas["IndicatorValue"]["properties"]["import_batch"]["nullable"] is True
    assert schemas["IndicatorValue"]["properties"]["computation_run"]["nullable"] is True
    assert schemas["Escalation"]["properties"]["decided_by"]["nullable"] is True
    assert schemas["ImportBatch"]["properties"]["computation_run"]["nullable"] is True
    url = schemas["ChecklistItem"]["properties"]["evidence_url"]
    assert {"type": "string", "maxLength": 0} in url["oneOf"]


def test_a_nul_character_in_search_is_a_400_object(api_for, users):
    """DRF answered a bare JSON list for a NUL in ?search= (schema: an object of errors)."""
    response = api_for("staff").get("/api/v1/checklist-items/", {"search": "a\x00b"})
    assert response.status_code == 400, response.content
    assert response.json() == {"non_field_errors": ["Null-tegn er ikke tilladte."]}
