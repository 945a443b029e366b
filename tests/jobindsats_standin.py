"""A stand-in for jobindsats.dk's API v2: a real HTTP server (in a thread) that answers like the
real one from recorded-shape answers (tests/imports/fixtures/).

- `GET /v2/tables/{table}/json`: the table's description, its `Period` list;
- `POST /v2/data/{table}/json` with `{"area": "*", "period": [...]}`: the recorded answer's
  `Variables` and the `Data` rows of the asked periods (and area, unless `*`);
- `Authorization` must be the key, else 401 as the real API answers a wrong key;
- `mode`: "ok", "429" (always 429 with Retry-After) or "garbage" (a cut-off JSON answer).

Run it by hand: `python tests/jobindsats_standin.py --port 8765 --key demo-key`.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "imports" / "fixtures"
Y30R21_DATA = FIXTURES / "y30r21_2025QMAT02-03.json"
Y30R21_TABLE = FIXTURES / "y30r21_table.json"


class JobindsatsStandIn:
    def __init__(self, *, key, tables=None, port=0):
        self.key = key
        self.mode = "ok"
        self.requests = []  # (method, path, body dict or None)
        self.tables = tables or {"y30r21": (Y30R21_TABLE, Y30R21_DATA)}
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, status, payload, headers=None):
                body = (
                    payload
                    if isinstance(payload, bytes)
                    else json.dumps(payload, ensure_ascii=False).encode()
                )
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else None
                standin.requests.append((self.command, self.path, body))
                if self.headers.get("Authorization") != standin.key:
                    return self._answer(401, {"Message": "Authorization has been denied"})
                if standin.mode == "429":
                    return self._answer(429, {"Message": "Too many"}, {"Retry-After": "1"})
                if standin.mode == "garbage":
                    return self._answer(200, b'[{"Variables": [{"Label": "Area"}], "Data": [[')
                parts = self.path.strip("/").split("/")  # v2, tables|data, table, json
                if len(parts) != 4 or parts[2] not in standin.tables:
                    return self._answer(404, {"Message": "No table"})
                table_file, data_file = standin.tables[parts[2]]
                if parts[1] == "tables" and self.command == "GET":
                    return self._answer(200, json.loads(table_file.read_text("utf-8")))
                if parts[1] == "data" and self.command == "POST":
                    [block] = json.loads(data_file.read_text("utf-8"))
                    periods = set((body or {}).get("period") or [])
                    area = (body or {}).get("area", "*")
                    rows = [
                        r
                        for r in block["Data"]
                        if (not periods or r[1] in periods) and area in ("*", r[0])
                    ]
                    return self._answer(200, [{**block, "Data": rows}])
                return self._answer(405, {"Message": "Method not allowed"})

            do_GET = _serve  # noqa: N815
            do_POST = _serve  # noqa: N815

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


if __name__ == "__main__":  # pragma: no cover - a tool for trying the fetch by hand
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--key", default="demo-key")
    args = parser.parse_args()
    with JobindsatsStandIn(key=args.key, port=args.port) as standin:
        print(f"jobindsats stand-in at {standin.url} (key {args.key})", flush=True)
        standin.thread.join()
