"""The command line in process: exit codes, JSON output, and every command against
`serve`'s server on 127.0.0.1 (an ephemeral port, stopped after each test)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from cloudfront_functions._cli import main
from cloudfront_functions.testing import FunctionsServer

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "functions" / "add-header.js"
CASES = ROOT / "examples" / "cases"


@pytest.fixture
def server() -> Iterator[FunctionsServer]:
    with FunctionsServer(port=0) as running:
        yield running


class Cli:
    """Runs ``main(argv)`` and keeps what it printed."""

    def __init__(self, capsys: pytest.CaptureFixture[str], url: str | None = None) -> None:
        self.capsys, self.url = capsys, url

    def __call__(self, *argv: str | Path) -> tuple[int, str, str]:
        prefix = ["--endpoint-url", self.url] if self.url else []
        code = main([*prefix, *map(str, argv)])
        captured = self.capsys.readouterr()
        return code, captured.out, captured.err

    def json(self, *argv: str | Path) -> tuple[int, Any]:
        code, out, _ = self("--output", "json", *argv)
        return code, json.loads(out)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(capsys)


@pytest.fixture
def remote(capsys: pytest.CaptureFixture[str], server: FunctionsServer) -> Cli:
    return Cli(capsys, server.url)


def write(tmp_path: Path, name: str, content: object) -> Path:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


def viewer_request(uri: str = "/index.html") -> dict[str, Any]:
    return {
        "version": "1.0",
        "context": {"eventType": "viewer-request"},
        "viewer": {"ip": "198.51.100.7"},
        "request": {
            "method": "GET",
            "uri": uri,
            "querystring": {},
            "headers": {"host": {"value": "example.com"}},
            "cookies": {},
        },
    }


# -- the skeleton ----------------------------------------------------------------------


def test_help_exits_0(cli: Cli) -> None:
    code, out, _ = cli("--help")
    assert code == 0
    assert "preflight" in out
    assert "serve" in out
    assert "Exit codes" in out


def test_version_prints_the_package_version(cli: Cli) -> None:
    from cloudfront_functions import __version__

    code, out, _ = cli("--version")
    assert (code, out.strip()) == (0, f"cloudfront-functions {__version__}")


def test_no_command_is_a_usage_error(cli: Cli) -> None:
    code, _, err = cli()
    assert code == 2
    assert "a command is required" in err


def test_unknown_option_is_a_usage_error(cli: Cli) -> None:
    code, _, err = cli("list", "--bogus")
    assert code == 2
    assert "unrecognized arguments" in err


def test_global_options_work_after_the_command(remote: Cli) -> None:
    code, out, _ = remote("list", "--output", "json")
    assert (code, json.loads(out)) == (0, [])


_NO_HEAVY_IMPORTS = """
import importlib.util, sys, types
# Load the CLI without running cloudfront_functions/__init__.py (which imports the
# whole API): what the CLI itself imports for --help/--version is what is measured.
package = types.ModuleType("cloudfront_functions")
package.__path__ = [{src!r}]
sys.modules["cloudfront_functions"] = package
from cloudfront_functions._cli import main
for argv in (["--help"], ["--version"], ["serve", "--help"], ["kvs", "--help"]):
    try:
        main(argv)
    except SystemExit:
        pass
heavy = sorted(name for name in ("boto3", "botocore", "pydantic") if name in sys.modules)
print("HEAVY", heavy, file=sys.stderr)
"""


def test_help_and_version_import_neither_boto3_nor_pydantic() -> None:
    src = str(ROOT / "src" / "cloudfront_functions")
    done = subprocess.run(
        [sys.executable, "-c", _NO_HEAVY_IMPORTS.format(src=src)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "HEAVY []" in done.stderr


def test_whole_process_help_imports_neither_boto3_nor_pydantic() -> None:
    probe = "import cloudfront_functions, sys; print('boto3' in sys.modules)"
    eager = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    if eager.stdout.strip() == "True":
        pytest.skip("cloudfront_functions/__init__.py imports boto3 eagerly (not the CLI's)")
    script = (
        "import runpy, sys; sys.argv = ['cloudfront-functions', '--help']\n"
        "try:\n    runpy.run_module('cloudfront_functions', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in ('boto3', 'pydantic') if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stderr.strip().endswith("[]")


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cloudfront_functions", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("cloudfront-functions ")


# -- preflight -------------------------------------------------------------------------


def test_preflight_of_good_code_exits_0(cli: Cli) -> None:
    code, out, _ = cli("preflight", EXAMPLE)
    assert code == 0
    assert out.strip().endswith(": ok")


def test_preflight_error_exits_1_with_line_and_column(cli: Cli, tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.js", "function handler(event) {\n  return event.request\n")
    code, out, _ = cli("preflight", bad)
    assert code == 1
    assert "FAILED" in out
    assert "[syntax]" in out


def test_preflight_json_is_the_report_dump_per_file(cli: Cli, tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.js", "function handler(event) { setTimeout(f, 1); return 1; }")
    code, reports = cli.json("preflight", EXAMPLE, bad)
    assert code == 1
    assert [(r["file"], r["ok"]) for r in reports] == [(str(EXAMPLE), True), (str(bad), False)]
    assert {"severity", "rule", "message", "line", "column"} <= set(reports[1]["findings"][0])


def test_preflight_github_format_prints_annotations(cli: Cli, tmp_path: Path) -> None:
    bad = write(tmp_path, "a,b.js", "function handler(event) {\n  let x = 1;\n  return x\n")
    code, out, _ = cli("preflight", "--format", "github", bad)
    assert code == 1
    line = out.strip().splitlines()[0]
    assert line.startswith("::error file=")
    assert "a%2Cb.js" in line
    assert ",line=" in line
    assert ",col=" in line
    assert "title=preflight syntax::" in line


def test_preflight_no_kvs_makes_a_kvs_call_an_error(cli: Cli, tmp_path: Path) -> None:
    code_js = (
        "import cf from 'cloudfront';\nconst kvs = cf.kvs();\n"
        "async function handler(event) { return event.request; }\n"
    )
    source = write(tmp_path, "kvs.js", code_js)
    assert cli("preflight", source)[0] == 0
    assert cli("preflight", "--no-kvs", source)[0] == 1


def test_preflight_of_a_missing_file_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    code, _, err = cli("preflight", tmp_path / "nope.js")
    assert code == 2
    assert "cannot read" in err
    assert "Traceback" not in err


# -- run -------------------------------------------------------------------------------


def test_run_prints_the_output(cli: Cli, tmp_path: Path) -> None:
    event = write(tmp_path, "event.json", viewer_request())
    code, result = cli.json("run", EXAMPLE, "--event", event)
    assert code == 0
    assert result["error_message"] is None
    assert json.loads(result["output_raw"])["request"]["headers"]["x-hello"] == {"value": "world"}


def test_run_takes_inline_json_and_a_kvs_file(cli: Cli, tmp_path: Path) -> None:
    source = write(
        tmp_path,
        "kvs.js",
        "import cf from 'cloudfront';\nconst kvs = cf.kvs();\n"
        "async function handler(event) {\n  const v = await kvs.get('k');\n"
        "  event.request.headers['x-v'] = {value: v};\n  return event.request;\n}\n",
    )
    data = write(tmp_path, "data.json", {"k": "from-kvs"})
    code, out, _ = cli("run", source, "--event", json.dumps(viewer_request()), "--kvs", data)
    assert code == 0
    assert "from-kvs" in out


def test_run_a_throwing_function_exits_1(cli: Cli, tmp_path: Path) -> None:
    source = write(tmp_path, "throw.js", "function handler(e) { throw new Error('boom'); }")
    code, out, _ = cli("run", source, "--event", json.dumps(viewer_request()))
    assert code == 1
    assert "Error: boom" in out


def test_run_with_an_invalid_event_file_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    event = write(tmp_path, "event.json", "{not json")
    code, _, err = cli("run", EXAMPLE, "--event", event)
    assert code == 2
    assert "event.json is not valid JSON (an event)" in err


# -- test (local) ----------------------------------------------------------------------


def test_the_example_cases_pass_locally(cli: Cli) -> None:
    code, out, _ = cli("test", EXAMPLE, "--cases", CASES)
    assert code == 0
    assert "2 passed, 0 failed" in out


def test_a_failing_case_exits_1_and_shows_a_diff(cli: Cli, tmp_path: Path) -> None:
    cases = write(
        tmp_path,
        "c.json",
        {
            "event": viewer_request(),
            "expect": {"request": {"headers": {"x-hello": {"value": "x"}}}},
        },
    )
    code, out, _ = cli("test", EXAMPLE, "--cases", cases)
    assert code == 1
    assert "FAIL" in out
    assert '-        "value": "x"' in out
    assert '+        "value": "world"' in out


def test_ignored_paths_are_left_out_of_the_comparison(cli: Cli, tmp_path: Path) -> None:
    case = {
        "event": viewer_request(),
        "expect": {"request": {"headers": {"x-hello": {"value": "anything"}}}},
        "ignore": ["request.headers.x-hello"],
    }
    code, report = cli.json("test", EXAMPLE, "--cases", write(tmp_path, "c.json", case))
    assert code == 0
    assert report["passed"] == 1


def test_an_expected_error_case(cli: Cli, tmp_path: Path) -> None:
    source = write(tmp_path, "throw.js", "function handler(e) { throw new TypeError('no'); }")
    cases = write(tmp_path, "c.json", [{"event": viewer_request(), "error": "TypeError"}])
    assert cli("test", source, "--cases", cases)[0] == 0


def test_the_case_json_lists_every_case(cli: Cli) -> None:
    code, report = cli.json("test", EXAMPLE, "--cases", CASES / "add-header.json")
    assert code == 0
    assert (report["passed"], report["failed"]) == (2, 0)
    assert [case["name"] for case in report["cases"]] == ["adds x-hello", "redirects /old"]
    assert report["cases"][0]["result"]["error_message"] is None


def test_a_case_without_an_event_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    code, _, err = cli("test", EXAMPLE, "--cases", write(tmp_path, "c.json", {"expect": {}}))
    assert code == 2
    assert "'event'" in err


def test_an_unknown_case_key_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    cases = write(tmp_path, "c.json", {"event": viewer_request(), "expected": {}})
    code, _, err = cli("test", EXAMPLE, "--cases", cases)
    assert code == 2
    assert "expected" in err


# -- functions in CloudFront (against serve) --------------------------------------------


def test_deploy_plan_sends_no_write(remote: Cli, server: FunctionsServer) -> None:
    code, plan = remote.json("deploy", "hello", EXAMPLE, "--plan", "--tag", "team=web")
    assert code == 0
    assert plan["action"] == "create"
    assert plan["publish"] is True
    assert "+function handler(event) {" in plan["code_diff"]
    assert plan["tags_diff"] == {"added": {"team": "web"}, "updated": {}, "removed": []}
    assert server.fake.writes == []


def test_deploy_creates_and_publishes_then_is_idempotent(
    remote: Cli, server: FunctionsServer
) -> None:
    code, result = remote.json("deploy", "hello", EXAMPLE, "--comment", "c")
    assert code == 0
    assert (result["action"], result["published"]) == ("created", True)
    writes = len(server.fake.writes)
    code, again = remote.json("deploy", "hello", EXAMPLE, "--comment", "c")
    assert (again["action"], again["published"]) == ("unchanged", False)
    assert len(server.fake.writes) == writes
    code, plan = remote.json("deploy", "hello", EXAMPLE, "--comment", "c", "--plan")
    assert (plan["action"], plan["publish"], plan["code_diff"]) == ("unchanged", False, "")


def test_deploy_with_passing_cases_publishes(remote: Cli, server: FunctionsServer) -> None:
    code, out, err = remote("deploy", "hello", EXAMPLE, "--cases", CASES)
    assert code == 0
    assert "published" in out
    assert "PASS adds x-hello" in err
    assert server.fake.functions["hello"].live is not None


def test_failing_cases_gate_the_publish(
    remote: Cli, server: FunctionsServer, tmp_path: Path
) -> None:
    cases = write(
        tmp_path, "c.json", {"event": viewer_request(), "expect": {"request": {"uri": "/x"}}}
    )
    code, _, err = remote("deploy", "hello", EXAMPLE, "--cases", cases)
    assert code == 1
    assert "not published" in err
    assert server.fake.functions["hello"].live is None


def test_test_runs_cases_through_test_function(remote: Cli, server: FunctionsServer) -> None:
    remote("deploy", "hello", EXAMPLE)
    code, out, _ = remote("test", "hello", "--cases", CASES)
    assert code == 0
    assert "2 passed" in out
    assert "TestFunction" in server.fake.calls


def test_test_local_downloads_the_code(remote: Cli, server: FunctionsServer) -> None:
    remote("deploy", "hello", EXAMPLE)
    code, out, _ = remote("test", "hello", "--cases", CASES, "--local", "--stage", "LIVE")
    assert code == 0
    assert "2 passed" in out
    assert "TestFunction" not in server.fake.calls


def test_diff_exit_code(remote: Cli, tmp_path: Path) -> None:
    remote("deploy", "hello", EXAMPLE)
    assert remote("diff", "hello", EXAMPLE, "--exit-code")[0] == 0
    changed = write(tmp_path, "new.js", "function handler(event) { return event.request; }\n")
    code, out, _ = remote("diff", "hello", changed, "--exit-code", "--comment", "new")
    assert code == 1
    assert "+function handler(event) { return event.request; }" in out
    assert "config comment: '' -> 'new'" in out
    assert remote("diff", "hello", changed)[0] == 0


def test_list_describe_get(remote: Cli, tmp_path: Path) -> None:
    remote("deploy", "hello", EXAMPLE)
    code, listed = remote.json("list")
    assert code == 0
    assert [f["name"] for f in listed] == ["hello"]
    code, described = remote.json("describe", "hello", "--stage", "LIVE")
    assert described["function_metadata"]["stage"] == "LIVE"
    assert described["etag"]
    code, out, _ = remote("get", "hello")
    assert out == EXAMPLE.read_text()
    target = tmp_path / "got.js"
    assert remote("get", "hello", "-o", target)[0] == 0
    assert target.read_bytes() == EXAMPLE.read_bytes()


def test_publish_and_delete_read_the_etag(remote: Cli, server: FunctionsServer) -> None:
    remote("deploy", "hello", EXAMPLE, "--no-publish")
    code, published = remote.json("publish", "hello")
    assert code == 0
    assert published["status"] == "UNASSOCIATED"
    code, out, _ = remote("delete", "hello")
    assert code == 0
    assert "deleted hello" in out
    assert server.fake.functions == {}


def test_a_service_error_exits_3_with_code_and_request_id(remote: Cli) -> None:
    code, out, err = remote("--output", "json", "describe", "missing")
    error = json.loads(err)["error"]
    assert code == 3
    assert out == ""
    assert (error["code"], error["http_status"]) == ("NoSuchFunctionExists", 404)
    assert error["request_id"]
    assert "Traceback" not in err


def test_a_locally_refused_request_exits_2_and_sends_nothing(
    remote: Cli, server: FunctionsServer
) -> None:
    code, _, err = remote("describe", "bad name!")
    assert code == 2
    assert "invalid argument" in err
    assert server.fake.calls == []


def test_a_connection_error_exits_3(cli: Cli) -> None:
    with FunctionsServer(port=0) as stopped:
        url = stopped.url
    code, _, err = cli("--endpoint-url", url, "list")
    assert code == 3
    assert "Traceback" not in err


# -- key value stores --------------------------------------------------------------------


def test_kvs_lifecycle(remote: Cli, tmp_path: Path) -> None:
    code, store = remote.json("kvs", "create", "store1", "--comment", "c")
    assert code == 0
    assert store["name"] == "store1"
    assert remote.json("kvs", "list")[1][0]["arn"] == store["arn"]
    assert remote("kvs", "put", "store1", "a", "1")[0] == 0
    assert remote("kvs", "get", "store1", "a")[1].strip() == "1"
    assert remote("kvs", "get", "store1", "zzz")[0] == 1
    data = write(tmp_path, "data.json", {"b": "2"})
    code, dry = remote.json("kvs", "sync", store["arn"], data, "--prune", "--dry-run")
    assert (dry["added"], dry["removed"], dry["dry_run"]) == (["b"], ["a"], True)
    assert remote.json("kvs", "sync", "store1", data, "--prune")[0] == 0
    assert remote.json("kvs", "keys", "store1")[1] == {"b": "2"}
    assert remote("kvs", "delete", "store1", "b")[0] == 0
    assert remote.json("kvs", "keys", "store1")[1] == {}
    assert remote("kvs", "delete", "store1")[0] == 0
    assert remote.json("kvs", "list")[1] == []


# -- usages ------------------------------------------------------------------------------


def test_usages_of_an_unused_function(remote: Cli) -> None:
    remote("deploy", "hello", EXAMPLE)
    code, usages = remote.json("usages", "hello")
    assert (code, usages) == (0, [])


def _distribution(url: str) -> str:
    behavior = {
        "TargetOriginId": "web",
        "ViewerProtocolPolicy": "redirect-to-https",
        "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
    }
    config: Any = {
        "CallerReference": "ref-1",
        "Comment": "shop",
        "Enabled": True,
        "Origins": {
            "Quantity": 1,
            "Items": [
                {
                    "Id": "web",
                    "DomainName": "origin.example.com",
                    "CustomOriginConfig": {
                        "HTTPPort": 80,
                        "HTTPSPort": 443,
                        "OriginProtocolPolicy": "https-only",
                    },
                }
            ],
        },
        "DefaultCacheBehavior": behavior,
        "CacheBehaviors": {"Quantity": 1, "Items": [{**behavior, "PathPattern": "/img/*"}]},
    }
    client = boto3.client("cloudfront", region_name="us-east-1", endpoint_url=url)
    return str(client.create_distribution(DistributionConfig=config)["Distribution"]["Id"])


def test_associate_usages_disassociate(remote: Cli, server: FunctionsServer) -> None:
    distribution = _distribution(server.url)
    remote("deploy", "hello", EXAMPLE)
    code, change = remote.json(
        "associate", distribution, "hello", "--event-type", "viewer-request",
        "--path-pattern", "/img/*",
    )  # fmt: skip
    assert code == 0
    assert change["changed"] is True
    code, usages = remote.json("usages", "hello")
    assert [(u["path_pattern"], u["event_type"]) for u in usages] == [("/img/*", "viewer-request")]
    code, out, _ = remote("associate", distribution, "hello", "--event-type", "viewer-request",
                          "--path-pattern", "/img/*")  # fmt: skip
    assert "nothing sent" in out
    code, change = remote.json(
        "disassociate", distribution, "--event-type", "viewer-request", "--path-pattern", "/img/*"
    )
    assert change["after"] is None
    assert remote.json("usages", "hello")[1] == []


def test_quiet_prints_nothing_but_keeps_the_exit_code(cli: Cli, tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.js", "function handler(event) {")
    code, out, err = cli("-q", "preflight", bad)
    assert (code, out, err) == (1, "", "")


def test_verbose_logs_to_stderr(remote: Cli) -> None:
    code, _, err = remote("-vv", "list")
    assert code == 0
    assert "DEBUG botocore" in err


def test_plan_of_an_existing_function_shows_code_config_and_tag_changes(
    remote: Cli, server: FunctionsServer, tmp_path: Path
) -> None:
    remote("deploy", "hello", EXAMPLE, "--tag", "team=web", "--tag", "old=1")
    writes = len(server.fake.writes)
    changed = write(tmp_path, "new.js", "function handler(event) { return event.request; }\n")
    code, plan = remote.json(
        "deploy", "hello", changed, "--comment", "new", "--tag", "team=ops", "--plan"
    )
    assert code == 0
    assert (plan["action"], plan["publish"]) == ("update", True)
    assert plan["config_diff"] == {"comment": {"current": "", "desired": "new"}}
    assert plan["tags_diff"] == {"added": {}, "updated": {"team": "ops"}, "removed": ["old"]}
    assert "-    request.headers['x-hello'] = {value: 'world'};" in plan["code_diff"]
    assert len(server.fake.writes) == writes
