"""The permission matrix: every page and API operation x every role -> the expected status.

`url_matrix` declares the GET side (pages and API reads), `api_matrix` the API's write
operations, `table` renders both to docs/permissions.md (`manage.py permission_matrix`). The
tests (tests/test_url_matrix.py, tests/test_permission_matrix.py) check the running application
against the same declarations. The `kwargs` callables take the tests' `world` (any object with
the attributes they read); nothing here imports the tests."""
