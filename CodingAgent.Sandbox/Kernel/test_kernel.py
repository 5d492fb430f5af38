#!/usr/bin/env python3
"""Protocol tests for kernel.py. Run: /usr/bin/python3 test_kernel.py"""

import base64
import gzip
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
KERNEL = os.path.join(HERE, "kernel.py")


class KernelClient:
    def __init__(self, env=None):
        self.workdir = tempfile.mkdtemp(prefix="kernel-test-")
        self.proc = subprocess.Popen(["/usr/bin/python3", "-u", KERNEL], cwd=self.workdir,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     env={**os.environ, **(env or {})})
        self.messages = queue.Queue()
        self.stderr_lines = []
        threading.Thread(target=self._read_stdout, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()
        self.counter = 0

    def _read_stdout(self):
        for line in self.proc.stdout:
            self.messages.put((time.monotonic(), json.loads(line)))
        self.messages.put((time.monotonic(), None))

    def _read_stderr(self):
        for line in self.proc.stderr:
            self.stderr_lines.append(line.decode("utf-8", "replace"))

    def send(self, msg):
        self.proc.stdin.write((json.dumps(msg) + "\n").encode())
        self.proc.stdin.flush()

    def next(self, timeout=30):
        t, msg = self.messages.get(timeout=timeout)
        assert msg is not None, "kernel exited; stderr: " + "".join(self.stderr_lines[-20:])
        return t, msg

    def start(self, code, cap=None):
        self.counter += 1
        exec_id = f"e{self.counter}"
        msg = {"type": "execute", "id": exec_id, "code": code}
        if cap is not None:
            msg["outputCap"] = cap
        self.send(msg)
        return exec_id

    def collect(self, exec_id, timeout=60):
        """Returns (list of (time, msg) for exec_id before the result, result msg, result time)."""
        got, deadline = [], time.monotonic() + timeout
        while True:
            t, msg = self.next(timeout=max(0.1, deadline - time.monotonic()))
            if msg.get("id") != exec_id:
                continue
            if msg["type"] == "result":
                return got, msg, t
            got.append((t, msg))

    def run(self, code, cap=None, timeout=60):
        msgs, result, _ = self.collect(self.start(code, cap), timeout)
        return [m for _, m in msgs], result

    def close(self):
        try:
            self.send({"type": "shutdown"})
            self.proc.wait(timeout=5)
        except Exception:
            self.proc.kill()
        shutil.rmtree(self.workdir, ignore_errors=True)


def stdout_text(msgs, name="stdout"):
    return "".join(m["text"] for m in msgs if m["type"] == "stream" and m["name"] == name)


def artifacts(msgs, kind):
    return [m for m in msgs if m["type"] == "artifact" and m["kind"] == kind]


K = None
TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


@test
def ready():
    _, msg = K.next(timeout=60)
    assert msg["type"] == "ready", msg
    assert msg["python"].startswith("3."), msg
    assert msg["pandas"], msg


@test
def state_kept():
    _, r = K.run("x = 41")
    assert r["status"] == "ok" and r["resultText"] is None, r
    _, r = K.run("x + 1")
    assert r["status"] == "ok" and r["resultText"] == "42", r
    assert r["executionCount"] == 2, r
    _, r = K.run("[k for k in globals() if not k.startswith('__')]")
    names = eval(r["resultText"])
    assert set(names) >= {"pd", "np", "px", "go", "plt", "x"} and "Kernel" not in names, names
    _, r = K.run("__name__")
    assert r["resultText"] == "'__main__'", r


@test
def inspect_lists_variables_without_values():
    _, r = K.run("df_inspect = pd.DataFrame({'a': range(5), 'b': list('abcde')})\n"
                 "class Liar:\n    def __len__(self):\n        raise SystemExit('ran code')\n"
                 "liar = Liar()\nwords = ['x', 'y']\narr = np.zeros((3, 4))\nsecret = 'do not send me'\n_hidden = 1")
    assert r["status"] == "ok", r
    K.send({"type": "inspect", "id": "i1"})
    while True:
        _, msg = K.next()
        if msg["type"] == "variables":
            break
    assert msg["id"] == "i1" and msg["truncated"] is False, msg
    items = {i["name"]: i for i in msg["items"]}
    assert items["df_inspect"]["type"] == "DataFrame" and items["df_inspect"]["shape"] == [5, 2], items["df_inspect"]
    assert items["df_inspect"]["bytes"] > 0, items["df_inspect"]
    assert items["arr"] == {"name": "arr", "type": "ndarray", "shape": [3, 4], "bytes": 96}, items["arr"]
    assert items["words"] == {"name": "words", "type": "list", "shape": [2]}, items["words"]
    assert items["liar"]["type"] == "__main__.Liar" and "shape" not in items["liar"], items["liar"]
    assert "_hidden" not in items and "pd" not in items and "Liar" not in items, sorted(items)
    assert "do not send me" not in json.dumps(msg), msg
    _, r = K.run("len(words)")
    assert r["status"] == "ok" and r["resultText"] == "2", r


@test
def print_streaming():
    exec_id = K.start("import time\nprint('a')\ntime.sleep(1)\nprint('b')")
    msgs, result, t_result = K.collect(exec_id)
    assert result["status"] == "ok", result
    streams = [(t, m) for t, m in msgs if m["type"] == "stream"]
    a_time = next(t for t, m in streams if "a" in m["text"])
    assert t_result - a_time >= 0.8, (t_result - a_time)
    assert stdout_text([m for _, m in msgs]) == "a\nb\n", msgs


@test
def stdout_before_result():
    msgs, r = K.run("import sys\nfor i in range(2000): print(i)\nsys.stderr.write('err\\n')\nprint('end', end='')")
    out = stdout_text(msgs)
    assert out == "".join(f"{i}\n" for i in range(2000)) + "end", out[-50:]
    assert stdout_text(msgs, "stderr") == "err\n"
    assert r["truncated"] is False


@test
def raw_fd_write():
    msgs, r = K.run("import os, subprocess\nos.write(1, b'raw\\n')\nos.write(2, b'rawerr\\n')\n"
                    "subprocess.run(['echo', 'child'])")
    assert stdout_text(msgs) == "raw\nchild\n", msgs
    assert stdout_text(msgs, "stderr") == "rawerr\n", msgs


@test
def key_error():
    msgs, r = K.run("d = {}\ndef f():\n    return d['revenue']\nf()")
    assert r["status"] == "error", r
    err = r["error"]
    assert err["type"] == "KeyError" and err["message"] == "'revenue'", err
    assert "<cell-" in err["traceback"] and "kernel.py" not in err["traceback"], err["traceback"]
    assert "return d['revenue']" in err["traceback"], err["traceback"]


@test
def syntax_error():
    _, r = K.run("x = (1,\ny = 2 +")
    assert r["status"] == "error" and r["error"]["type"] == "SyntaxError", r
    assert "line" in r["error"]["message"], r
    assert "kernel.py" not in r["error"]["traceback"], r


@test
def system_exit():
    _, r = K.run("import sys\nsys.exit(3)")
    assert r["status"] == "error" and r["error"]["type"] == "SystemExit", r
    assert r["error"]["message"] == "3", r
    _, r = K.run("exit()")
    assert r["error"]["type"] == "SystemExit", r
    _, r = K.run("x")
    assert r["resultText"] == "41", r


@test
def dataframe_table():
    msgs, r = K.run("df = pd.DataFrame({'city': ['a', 'b', 'c'], 'rev': [1.5, float('nan'), 3.0],\n"
                    "  'when': pd.to_datetime(['2024-01-01', None, '2024-03-01'])})\ndf")
    assert r["status"] == "ok", r
    tables = artifacts(msgs, "table")
    assert len(tables) == 1, msgs
    t = tables[0]
    assert t["mediaType"] == "application/vnd.codingagent.table+json" and t["name"].startswith("table-")
    data = t["data"]
    assert [c["name"] for c in data["columns"]] == ["city", "rev", "when"], data
    assert data["columns"][1]["dtype"] == "float64", data
    assert data["rowCount"] == 3 and len(data["rows"]) == 3, data
    assert "rows" not in t, "a table that its preview holds whole needs no rows blob"
    assert data["rows"][1][1] is None and data["rows"][1][2] is None, data
    assert data["rows"][0][2].startswith("2024-01-01"), data
    assert "city" in r["resultText"] and "[3 rows x 3 columns]" in r["resultText"], r


@test
def big_table_and_series():
    msgs, r = K.run("big = pd.DataFrame({'v': np.arange(25000)}, index=np.arange(25000) * 2)\nbig")
    data = artifacts(msgs, "table")[0]["data"]
    assert data["rowCount"] == 25000 and len(data["rows"]) == 10000, data["rowCount"]
    assert [c["name"] for c in data["columns"]] == ["index", "v"] and data["rows"][1] == [2, 1]
    # the whole table rides along: gzip of a header line and lines of row chunks
    lines = gzip.decompress(base64.b64decode(artifacts(msgs, "table")[0]["rows"])).decode("utf-8").splitlines()
    assert json.loads(lines[0]) == {"columns": data["columns"], "rowCount": 25000}, lines[0]
    rows = [row for line in lines[1:] for row in json.loads(line)]
    assert len(rows) == 25000 and rows[:10000] == data["rows"] and rows[20000] == [40000, 20000], len(rows)
    msgs, r = K.run("pd.Series([1, 2], index=['x', 'y'], name='n')")
    data = artifacts(msgs, "table")[0]["data"]
    assert [c["name"] for c in data["columns"]] == ["index", "n"] and data["rows"] == [["x", 1], ["y", 2]]


@test
def plotly_show():
    msgs, r = K.run("print('before')\nfig = px.line(x=[1, 2, 3], y=[3, 1, 2], title='Monthly Revenue')\n"
                    "fig.show()\nfig.show()\nprint('after')")
    assert r["status"] == "ok", r
    charts = artifacts(msgs, "chart")
    assert len(charts) == 1, msgs
    c = charts[0]
    assert c["mediaType"] == "application/vnd.plotly.v1+json" and c["name"] == "monthly-revenue.json", c["name"]
    assert isinstance(c["data"], dict) and "data" in c["data"] and "layout" in c["data"], c
    kinds = [m["type"] if m["type"] != "stream" else m["text"] for m in msgs]
    assert kinds == ["before\n", "artifact", "after\n"], kinds


@test
def plotly_last_expression():
    msgs, r = K.run("import plotly.io as pio\ng = go.Figure(go.Bar(x=['a', 'b'], y=[np.int64(1), np.nan]))\n"
                    "pio.show(g)\ng")
    charts = artifacts(msgs, "chart")
    assert len(charts) == 1 and charts[0]["name"].startswith("chart-"), msgs
    assert r["resultText"] == "<plotly figure: chart artifact emitted>", r
    msgs, r = K.run("go.Figure()")
    assert len(artifacts(msgs, "chart")) == 1, msgs


@test
def matplotlib_image():
    msgs, r = K.run("plt.plot([1, 2, 3], [4, 5, 6])\nplt.title('x')")
    assert r["status"] == "ok", r
    images = artifacts(msgs, "image")
    assert len(images) == 1 and images[0]["mediaType"] == "image/png", msgs
    assert base64.b64decode(images[0]["base64"]).startswith(b"\x89PNG"), images[0]["base64"][:20]
    msgs, r = K.run("plt.figure(); plt.plot([1]); plt.show()\nplt.figure(); plt.plot([2])")
    assert len(artifacts(msgs, "image")) == 2, msgs
    msgs, r = K.run("1")
    assert artifacts(msgs, "image") == [], "figures must be closed after being emitted"


@test
def file_artifacts():
    msgs, r = K.run("df.to_csv('out.csv', index=False)\nos.makedirs('sub/.hidden', exist_ok=True)\n"
                    "open('sub/.hidden/x.txt', 'w').write('x')\nopen('.dot', 'w').write('x')\n"
                    "open('sub/r.json', 'w').write('{}')\nos.symlink('/etc/passwd', 'passwd_link')\n"
                    "os.symlink('/etc', 'etc_link')")
    assert r["status"] == "ok", r
    files = sorted((m["path"], m["name"], m["mediaType"]) for m in artifacts(msgs, "file"))
    assert files == [("out.csv", "out.csv", "text/csv"), ("sub/r.json", "r.json", "application/json")], files
    msgs, r = K.run("open('out.csv', 'a').write('more\\n')\nprint(open('passwd_link').read()[:4])")
    files = [m["path"] for m in artifacts(msgs, "file")]
    assert files == ["out.csv"], files


@test
def files_read_are_reported():
    msgs, r = K.run("open('in.csv', 'w').write('a,b\\n1,2\\n')\nos.makedirs('sub', exist_ok=True)\nopen('sub/deep.txt', 'w').write('x')")
    assert r["status"] == "ok" and r["filesRead"] == [], r
    msgs, r = K.run("import pandas as pd\nd = pd.read_csv('in.csv')\nopen('sub/deep.txt').read()\n"
                    "open('written.txt', 'w').write('x')\nos.close(os.open('raw.bin', os.O_WRONLY | os.O_CREAT))\n"
                    "open('/etc/hostname').read() if os.path.exists('/etc/hostname') else None")
    assert r["status"] == "ok", r
    assert r["filesRead"] == ["in.csv"], r["filesRead"]
    msgs, r = K.run("1")
    assert r["filesRead"] == [], "reads are per execution"


@test
def interrupt_busy_loop():
    exec_id = K.start("while True: pass")
    time.sleep(1)
    K.send({"type": "interrupt"})
    _, r, _ = K.collect(exec_id, timeout=10)
    assert r["status"] == "error" and r["error"]["type"] == "KeyboardInterrupt", r
    assert r["error"]["message"] == "Execution interrupted", r
    _, r = K.run("x * 2")
    assert r["resultText"] == "82", r


@test
def interrupt_sleep():
    exec_id = K.start("import time\ntime.sleep(100)")
    time.sleep(1)
    t0 = time.monotonic()
    K.send({"type": "interrupt"})
    _, r, t1 = K.collect(exec_id, timeout=10)
    assert r["error"]["type"] == "KeyboardInterrupt" and t1 - t0 < 3, (r, t1 - t0)
    K.send({"type": "interrupt"})  # idle interrupt must be harmless
    time.sleep(0.3)
    _, r = K.run("'still alive'")
    assert r["resultText"] == "'still alive'", r


@test
def file_size_limit_per_execution_and_while_running():
    K.counter += 1
    K.send({"type": "execute", "id": f"e{K.counter}", "code": "import resource\nresource.getrlimit(resource.RLIMIT_FSIZE)[0]", "fileSizeLimit": 1 << 20})
    _, r, _ = K.collect(f"e{K.counter}")
    assert r["resultText"] == str(1 << 20), r
    exec_id = K.start("import time\nwhile resource.getrlimit(resource.RLIMIT_FSIZE)[0] != 0: time.sleep(0.01)\n'lowered'")
    K.send({"type": "limit", "fileSizeLimit": 0})
    _, r, _ = K.collect(exec_id, timeout=10)
    assert r["resultText"] == "'lowered'", r
    K.counter += 1
    K.send({"type": "execute", "id": f"e{K.counter}", "code": "resource.getrlimit(resource.RLIMIT_FSIZE)[0] == 1 << 62", "fileSizeLimit": 1 << 62})
    _, r, _ = K.collect(f"e{K.counter}")
    assert r["resultText"] == "True", r


@test
def output_cap():
    msgs, r = K.run("for i in range(50000): print('x' * 99)", cap=1 << 20)
    assert r["truncated"] is True, r
    total = sum(len(m["text"].encode()) for m in msgs if m["type"] == "stream")
    assert (1 << 20) <= total <= (1 << 20) + 200, total
    assert "[output truncated: more than 1048576 bytes" in msgs[-1]["text"], msgs[-1]
    msgs, r = K.run("print('ok')")
    assert r["truncated"] is False and stdout_text(msgs) == "ok\n", (r, msgs)


@test
def nan_values_and_inf():
    msgs, r = K.run("pd.DataFrame({'a': [np.nan, np.inf, 1], 'b': [None, 'x', pd.NaT]})")
    rows = artifacts(msgs, "table")[0]["data"]["rows"]
    assert rows[0] == [None, None] and rows[1][0] is None and rows[2][0] == 1, rows


@test
def robustness():
    _, r = K.run("import sys; sys.stdout.close()\nprint('x')")
    assert r["status"] == "error", r
    msgs, r = K.run("os.close(1)\nprint('y')")
    msgs, r = K.run("print('back')\n1/0")
    assert stdout_text(msgs) == "back\n" and r["error"]["type"] == "ZeroDivisionError", (msgs, r)
    _, r = K.run("class Bad:\n    def __repr__(self): raise ValueError('no repr')\nBad()")
    assert r["status"] == "error" and r["error"]["type"] == "ValueError", r
    _, r = K.run("input()")
    assert r["error"]["type"] == "EOFError", r
    _, r = K.run("")
    assert r["status"] == "ok" and r["resultText"] is None, r


@test
def single_huge_write():
    msgs, r = K.run("import sys\nsys.stdout.write('y' * 5_000_000)\nprint('z' * 10)", cap=1 << 20)
    total = sum(len(m["text"].encode()) for m in msgs if m["type"] == "stream")
    assert r["truncated"] is True and (1 << 20) <= total <= (1 << 20) + 200, (r, total)


@test
def limits_and_eof():
    k = KernelClient(env={"CA_LIMIT_AS_BYTES": str(3 << 30), "CA_LIMIT_FSIZE_BYTES": str(1 << 20),
                          "CA_LIMIT_NOFILE": "256"})
    try:
        assert k.next(timeout=60)[1]["type"] == "ready"
        _, r = k.run("import resource\nresource.getrlimit(resource.RLIMIT_AS)")
        assert r["resultText"] == f"({3 << 30}, {3 << 30})", r
        _, r = k.run("resource.setrlimit(resource.RLIMIT_AS, (-1, -1))")
        assert r["status"] == "error", r
        _, r = k.run("a = np.ones(10**10)")
        assert r["error"]["type"] == "MemoryError", r
        _, r = k.run("open('big.bin', 'wb').write(b'x' * (2 << 20))")
        assert r["status"] == "error" and r["error"]["type"] == "OSError", r
        _, r = k.run("resource.getrlimit(resource.RLIMIT_NOFILE)")
        assert r["resultText"] == "(256, 256)", r
        _, r = k.run("'alive'")
        assert r["resultText"] == "'alive'", r
        k.proc.stdin.close()  # EOF on the protocol channel -> kernel exits
        assert k.proc.wait(timeout=5) == 0
    finally:
        if k.proc.poll() is None:
            k.proc.kill()
        shutil.rmtree(k.workdir, ignore_errors=True)


def main():
    global K
    K = KernelClient(env={"CA_TABLE_MAX_ROWS": "10000"})
    passed = failed = 0
    try:
        for fn in TESTS:
            t0 = time.monotonic()
            try:
                fn()
                passed += 1
                print(f"PASS {fn.__name__} ({time.monotonic() - t0:.2f}s)")
            except Exception:
                failed += 1
                print(f"FAIL {fn.__name__}")
                traceback.print_exc()
            sys.stdout.flush()
    finally:
        K.close()
    if K.stderr_lines:
        print("kernel log:\n" + "".join(K.stderr_lines[-20:]))
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
