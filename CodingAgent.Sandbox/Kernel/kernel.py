#!/usr/bin/env python3
"""Stateful Python kernel for the data-analysis agent.

Speaks line-delimited JSON with the host over the process's original
stdin/stdout (the PROTOCOL channel).  fds 1 and 2 are replaced by pipes so
that every byte written by user code (print, C extensions, subprocesses) is
captured and forwarded as ``stream`` messages.

host -> kernel:  execute {id, code, outputCap?, fileSizeLimit?} | inspect {id} | limit {fileSizeLimit} | interrupt
                 | shutdown
kernel -> host:  ready | stream | artifact (table/chart/image/file) | result | variables {id, items, truncated}
"""

import ast
import base64
import builtins
import codecs
import gzip
import io
import json
import linecache
import math
import mimetypes
import os
import platform
import queue
import re
import resource
import signal
import stat
import sys
import threading
import time
import traceback
import types
import uuid

KERNEL_FILE = (lambda: None).__code__.co_filename
DEFAULT_OUTPUT_CAP = 1 << 20
MAX_TABLE_ROWS = int(os.environ.get("CA_TABLE_MAX_ROWS", "100000") or 100000)
TABLE_ROWS_MAX_BYTES = int(os.environ.get("CA_TABLE_ROWS_MAX_BYTES", str(128 << 20)) or (128 << 20))
TABLE_ROWS_CHUNK = 50_000
MAX_FILE_ARTIFACTS = 50
MAX_SCANNED_FILES = 20_000
MAX_REPR_CHARS = 10_000
MAX_FILES_READ = 1000
MAX_VARIABLES = 200
MAX_VARIABLE_TEXT = 100
SYNC_TIMEOUT = 2.0
SYNC_PREFIX = "\x00\x01KSYNC:"
SYNC_SUFFIX = "\x01\x00"
SYNC_MAX_LEN = len(SYNC_PREFIX) + 64 + len(SYNC_SUFFIX)
LIMITS = (("CA_LIMIT_AS_BYTES", resource.RLIMIT_AS), ("CA_LIMIT_CPU_SECONDS", resource.RLIMIT_CPU),
          ("CA_LIMIT_NOFILE", resource.RLIMIT_NOFILE), ("CA_LIMIT_NPROC", resource.RLIMIT_NPROC),
          ("CA_LIMIT_FSIZE_BYTES", resource.RLIMIT_FSIZE))


def json_safe(obj):
    """Replace NaN/inf by None and unknown objects by str() (recursively)."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {str(k): json_safe(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [json_safe(v) for v in obj]
    if obj is None or isinstance(obj, (str, int, bool)):
        return obj
    return str(obj)


def slugify(text, limit=60):
    text = re.sub(r"<[^>]*>", " ", str(text or "")).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:limit].strip("-")


def strip_kernel_frames(te, seen=None):
    """Drop kernel.py frames from a TracebackException and its chained causes."""
    seen = set() if seen is None else seen
    while te is not None and id(te) not in seen:
        seen.add(id(te))
        te.stack = traceback.StackSummary.from_list([f for f in te.stack if f.filename != KERNEL_FILE])
        if te.__cause__ is not None:
            strip_kernel_frames(te.__cause__, seen)
        te = te.__context__


def describe_variable(name, value, pd, np):
    """Name, type, shape (or length) and bytes of one variable. Shapes and sizes are read only from exact pandas, numpy
    and builtin types, so a class of the cell's own cannot run code (or lie) through __len__ or a property here."""
    t = type(value)
    module = type.__dict__["__dict__"].__get__(t).get("__module__")
    module = module if type(module) is str else ""
    qualname = type.__dict__["__qualname__"].__get__(t)
    kind = qualname if module in ("builtins", "") else f"{module}.{qualname}"
    item = {"name": name[:MAX_VARIABLE_TEXT], "type": kind[:MAX_VARIABLE_TEXT]}
    try:
        if pd is not None and t is pd.DataFrame:
            item["type"] = "DataFrame"
            item["shape"] = [int(n) for n in value.shape]
            item["bytes"] = int(value.memory_usage(index=True, deep=False).sum())
        elif pd is not None and t is pd.Series:
            item["type"] = "Series"
            item["shape"] = [int(len(value))]
            item["bytes"] = int(value.memory_usage(index=True, deep=False))
        elif np is not None and t is np.ndarray:
            item["type"] = "ndarray"
            item["shape"] = [int(n) for n in value.shape]
            item["bytes"] = int(value.nbytes)
        elif t in (list, tuple, dict, set, frozenset, str, bytes):
            item["shape"] = [len(value)]
    except Exception:
        pass
    return item


def cell_value(v):
    """Fallback conversion of one table cell to a JSON-safe python value."""
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    try:
        import pandas as pd
        if bool(pd.isna(v)):
            return None
    except Exception:
        pass
    if hasattr(v, "isoformat"):
        return v.isoformat()
    if hasattr(v, "item") and type(v).__module__ == "numpy":
        return cell_value(v.item())
    return str(v)


def table_payload(obj, pd):
    """Serialize a DataFrame/Series into the table artifact payload."""
    if isinstance(obj, pd.Series):
        obj = obj.to_frame(name=obj.name if obj.name is not None else "value")
    df, idx = obj, obj.index
    if not (isinstance(idx, pd.RangeIndex) and idx.start == 0 and idx.step == 1 and idx.name is None):
        try:
            df = df.reset_index()
        except ValueError:
            df = df.reset_index(allow_duplicates=True)
    columns = [{"name": " / ".join(map(str, c)) if isinstance(c, tuple) else str(c), "dtype": str(t)}
               for c, t in zip(df.columns, df.dtypes)]
    payload = {"columns": columns, "rowCount": int(len(df)), "rows": json.loads(rows_json(df.head(MAX_TABLE_ROWS)))}
    return payload, (table_rows_blob(df, columns) if len(df) > MAX_TABLE_ROWS else None)


def rows_json(frame):
    """A frame's rows as a JSON array of arrays: NaN/NaT -> null, dates as ISO strings."""
    try:
        return frame.to_json(orient="values", date_format="iso", default_handler=str)
    except Exception:
        return json.dumps([[cell_value(v) for v in row] for row in frame.itertuples(index=False, name=None)])


def table_rows_blob(df, columns):
    """The whole table for the host's query store, base64 of a gzip of lines: {columns, rowCount}, then JSON arrays of
    up to TABLE_ROWS_CHUNK rows each (cells as in the preview). None when it would exceed TABLE_ROWS_MAX_BYTES."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=1, mtime=0) as gz:
        gz.write(json.dumps({"columns": columns, "rowCount": int(len(df))}).encode("utf-8") + b"\n")
        for start in range(0, len(df), TABLE_ROWS_CHUNK):
            gz.write(rows_json(df.iloc[start:start + TABLE_ROWS_CHUNK]).encode("utf-8") + b"\n")
            if out.tell() * 4 // 3 > TABLE_ROWS_MAX_BYTES:
                return None
    encoded = base64.b64encode(out.getvalue())
    return encoded.decode("ascii") if len(encoded) <= TABLE_ROWS_MAX_BYTES else None


def install_parquet_fallback(pd):
    """Debian's Python has no Parquet engine. The host converts each uploaded NAME.parquet into NAME.parquet.csv and
    NAME.parquet.schema.json; without an engine, pd.read_parquet reads that pair, with the column types restored."""
    for engine in ("pyarrow", "fastparquet"):
        try:
            __import__(engine)
            return
        except ImportError:
            pass
    original = pd.read_parquet

    def read_parquet(path, *args, columns=None, **kwargs):
        path = os.fspath(path) if isinstance(path, (str, os.PathLike)) else path
        if isinstance(path, str) and os.path.exists(path + ".csv") and os.path.exists(path + ".schema.json"):
            with open(path + ".schema.json", encoding="utf-8") as f:
                schema = json.load(f)["columns"]
            types = {"int": "Int64", "float": "float64", "bool": "boolean", "string": "string"}
            df = pd.read_csv(path + ".csv", dtype={c["name"]: types[c["type"]] for c in schema if c["type"] in types},
                             parse_dates=[c["name"] for c in schema if c["type"] == "datetime"], keep_default_na=True)
            return df[columns] if columns is not None else df
        return original(path, *args, columns=columns, **kwargs)

    read_parquet.__doc__ = original.__doc__
    pd.read_parquet = read_parquet


class OutputPump:
    """Owns the pipes behind fds 1/2 and forwards their content as stream messages."""

    def __init__(self, send, log):
        self._send, self._log = send, log
        self._lock = threading.Lock()
        self._waiters = {}  # (token, stream name) -> Event
        self._write_fds = {}  # fd -> private copy of the pipe's write end
        self.exec_id, self.cap, self.count, self.truncated = None, DEFAULT_OUTPUT_CAP, 0, False
        for fd, name in ((1, "stdout"), (2, "stderr")):
            r, w = os.pipe()
            os.dup2(w, fd)
            self._write_fds[fd] = w
            threading.Thread(target=self._reader, args=(r, name), daemon=True, name=f"pump-{name}").start()

    def begin(self, exec_id, cap):
        with self._lock:
            self.exec_id, self.cap, self.count, self.truncated = exec_id, cap, 0, False

    def restore_fds(self):
        """Re-point fds 1/2 at our pipes (user code may have closed or redirected them)."""
        for fd, w in self._write_fds.items():
            try:
                os.dup2(w, fd)
            except OSError:
                pass

    def _fd_is_ours(self, fd):
        try:
            a, b = os.fstat(fd), os.fstat(self._write_fds[fd])
            return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)
        except OSError:
            return False

    def sync(self):
        """Flush Python-level buffers and wait until the readers forwarded everything written so far."""
        for stream in {id(s): s for s in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__)}.values():
            try:
                stream.flush()
            except Exception:
                pass
        token, events = uuid.uuid4().hex, []
        try:
            for fd, name in ((1, "stdout"), (2, "stderr")):
                if not self._fd_is_ours(fd):
                    continue
                ev = self._waiters[(token, name)] = threading.Event()
                events.append(ev)
                try:
                    os.write(fd, (SYNC_PREFIX + token + SYNC_SUFFIX).encode())
                except OSError:
                    ev.set()
            deadline = time.monotonic() + SYNC_TIMEOUT
            for ev in events:
                ev.wait(max(0.0, deadline - time.monotonic()))
        finally:
            for name in ("stdout", "stderr"):
                self._waiters.pop((token, name), None)

    def _reader(self, fd, name):
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        pending = ""
        while True:
            try:
                data = os.read(fd, 65536)
            except InterruptedError:
                continue
            except OSError:
                return
            if not data:
                return
            pending = self._process(pending + decoder.decode(data), name)

    def _process(self, text, name):
        """Forward text, handle complete sentinels, return a held-back (possible sentinel) tail."""
        while True:
            i = text.find(SYNC_PREFIX)
            if i < 0:
                break
            j = text.find(SYNC_SUFFIX, i + len(SYNC_PREFIX))
            if j < 0 or j + len(SYNC_SUFFIX) - i > SYNC_MAX_LEN:
                if len(text) - i <= SYNC_MAX_LEN:
                    self.forward(name, text[:i])
                    return text[i:]  # incomplete sentinel: wait for more data
                self.forward(name, text[:i + 1])  # not a sentinel after all
                text = text[i + 1:]
                continue
            self.forward(name, text[:i])
            ev = self._waiters.get((text[i + len(SYNC_PREFIX):j], name))
            if ev is not None:
                ev.set()
            text = text[j + len(SYNC_SUFFIX):]
        keep = len(text)
        for k in range(min(len(SYNC_PREFIX) - 1, len(text)), 0, -1):
            if SYNC_PREFIX.startswith(text[-k:]):
                keep = len(text) - k
                break
        self.forward(name, text[:keep])
        return text[keep:]

    def forward(self, name, text):
        """Send text as a stream message, enforcing the per-execution output cap."""
        if not text:
            return
        with self._lock:
            if self.exec_id is None:  # output outside any execution goes to the kernel log
                self._log(text)
                return
            if self.truncated:
                return
            data = text.encode("utf-8", "replace")
            room = self.cap - self.count
            if len(data) <= room:
                self.count += len(data)
                self._send({"type": "stream", "id": self.exec_id, "name": name, "text": text})
                return
            head = data[:max(room, 0)].decode("utf-8", "ignore")
            if head:
                self._send({"type": "stream", "id": self.exec_id, "name": name, "text": head})
            self.count, self.truncated = self.cap, True
            notice = (f"\n[output truncated: more than {self.cap} bytes of output; "
                      f"limit is {self.cap} bytes]\n")
            self._send({"type": "stream", "id": self.exec_id, "name": "stderr", "text": notice})


class Kernel:
    def __init__(self):
        self._log_fd = os.dup(2)
        proto_out, proto_in = os.dup(1), os.dup(0)
        self._devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(self._devnull, 0)
        self._outq = queue.Queue()
        threading.Thread(target=self._writer, args=(proto_out,), daemon=True, name="proto-out").start()
        self.pump = OutputPump(self.send, self.log)
        self._stdout, self._stderr = self._text_stream(1), self._text_stream(2)
        sys.stdout, sys.stderr = self._stdout, self._stderr
        self.workspace = os.path.realpath(os.getcwd())
        self.files_read = set()  # top-level workspace files opened for reading during the current execution
        sys.addaudithook(self._audit)
        self.requests = queue.Queue()
        self.in_user_code = False
        self.execution_count = 0
        self.counters = {"chart": 0, "table": 0, "figure": 0}
        self.shown = []  # chart objects emitted during the current execution
        self.libs = {}
        self.ns = self._make_namespace()
        signal.signal(signal.SIGINT, self._on_sigint)
        threading.Thread(target=self._stdin_reader, args=(proto_in,), daemon=True, name="proto-in").start()
        self._apply_limits()

    def _audit(self, event, args):
        """Notes which workspace files code opens for reading, so that each artifact can name the data versions it came from."""
        if event != "open" or not self.in_user_code or len(self.files_read) >= MAX_FILES_READ:
            return
        try:
            path, mode, flags = args
            if isinstance(path, bytes):
                path = os.fsdecode(path)
            if not isinstance(path, str):
                return  # a descriptor
            if mode is not None:
                if any(c in mode for c in "wxa") and "+" not in mode:
                    return
            elif flags is not None and flags & os.O_ACCMODE == os.O_WRONLY:
                return
            full = os.path.normpath(os.path.join(self.workspace, path))
            if os.path.dirname(full) == self.workspace:
                self.files_read.add(os.path.basename(full))
        except Exception:
            pass  # never let bookkeeping break user code

    # ----------------------------------------------------------- channels
    @staticmethod
    def _text_stream(fd):
        return open(fd, "w", encoding="utf-8", errors="backslashreplace", buffering=1, closefd=False)

    def log(self, text):
        """Diagnostics for the host's log (the process's original stderr)."""
        try:
            os.write(self._log_fd, ("[kernel] " + text.rstrip("\n") + "\n").encode("utf-8", "replace"))
        except OSError:
            pass

    def kernel_error(self, text):
        self.pump.forward("stderr", f"[kernel] {text}\n")

    def send(self, msg):
        """Queue one protocol message; a single writer thread writes and flushes it."""
        try:
            line = json.dumps(msg, ensure_ascii=False, allow_nan=False, default=str)
        except ValueError:
            line = json.dumps(json_safe(msg), ensure_ascii=False, allow_nan=False)
        self._outq.put(line.encode("utf-8", "replace") + b"\n")

    def _writer(self, fd):
        while True:
            data = self._outq.get()
            try:
                while data:
                    data = data[os.write(fd, data):]
            except OSError:
                os._exit(0)  # host is gone

    def _stdin_reader(self, fd):
        with os.fdopen(fd, "rb") as stream:
            for raw in stream:
                try:
                    msg = json.loads(raw)
                except ValueError:
                    self.log(f"ignoring malformed message: {raw[:200]!r}")
                    continue
                kind = msg.get("type") if isinstance(msg, dict) else None
                if kind in ("execute", "inspect"):
                    self.requests.put(msg)
                elif kind == "limit":
                    self.limit_file_size(msg.get("fileSizeLimit"))
                elif kind == "interrupt":
                    if self.in_user_code:
                        os.kill(os.getpid(), signal.SIGINT)
                elif kind == "shutdown":
                    os._exit(0)
                else:
                    self.log(f"ignoring unknown message type {kind!r}")
        os._exit(0)

    def _on_sigint(self, signum, frame):
        if self.in_user_code:
            raise KeyboardInterrupt

    # ------------------------------------------------------------ startup
    def _make_namespace(self):
        os.environ["MPLBACKEND"] = "Agg"
        main = types.ModuleType("__main__")
        ns = main.__dict__
        ns["__builtins__"] = builtins
        sys.modules["__main__"] = main  # so pickle etc. find classes defined in cells
        importers = {
            "np": lambda: __import__("numpy"),
            "pd": lambda: __import__("pandas"),
            "plt": self._import_matplotlib,
            "px": lambda: __import__("plotly.express", fromlist=["_"]),
            "go": lambda: __import__("plotly.graph_objects", fromlist=["_"]),
        }
        for name, importer in importers.items():
            try:
                self.libs[name] = ns[name] = importer()
            except Exception as e:
                self.log(f"optional library {name} unavailable: {e!r}")
        if "pd" in self.libs:
            install_parquet_fallback(self.libs["pd"])
        try:
            import plotly.io as pio
            from plotly.basedatatypes import BaseFigure
            BaseFigure.show = lambda fig, *a, **k: self.emit_chart(fig)
            pio.show = lambda fig, *a, **k: self.emit_chart(fig)
            self.libs["BaseFigure"] = BaseFigure
        except Exception as e:
            self.log(f"could not patch plotly: {e!r}")
        return ns

    def _import_matplotlib(self):
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        def show(*args, **kwargs):
            self.pump.sync()
            self.emit_images()
        plt.show = show
        return plt

    def _apply_limits(self):
        for env, res in LIMITS:
            raw = os.environ.get(env, "").strip()
            try:
                value = int(raw) if raw else 0
                if value <= 0:
                    continue
                hard = resource.getrlimit(res)[1]
                if hard != resource.RLIM_INFINITY:
                    value = min(value, hard)
                resource.setrlimit(res, (value, value))
            except (ValueError, OSError) as e:
                self.log(f"could not apply {env}={raw!r}: {e}")
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    def limit_file_size(self, value):
        """Lower (or restore) the soft RLIMIT_FSIZE, never above the hard limit set at start: the host passes what the
        workspace quota has left. Code can raise a soft limit again; the host's own checks do not rely on this."""
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            return
        try:
            hard = resource.getrlimit(resource.RLIMIT_FSIZE)[1]
            resource.setrlimit(resource.RLIMIT_FSIZE, (value if hard == resource.RLIM_INFINITY else min(value, hard), hard))
        except (ValueError, OSError) as e:
            self.log(f"could not limit the file size to {value}: {e}")

    # ----------------------------------------------------------- artifacts
    def _next_name(self, kind, ext):
        self.counters[kind] += 1
        return f"{kind}-{self.counters[kind]}.{ext}"

    def emit_chart(self, fig):
        """Emit a plotly figure (object or dict) once per execution."""
        if any(f is fig for f in self.shown):
            return
        self.shown.append(fig)
        try:
            import plotly.io as pio
            data = json.loads(pio.to_json(fig, validate=False))
            title = (data.get("layout") or {}).get("title")
            slug = slugify(title.get("text") if isinstance(title, dict) else title)
            name = f"{slug}.json" if slug else self._next_name("chart", "json")
        except Exception as e:
            self.kernel_error(f"could not serialize chart: {e!r}")
            return
        self.pump.sync()  # output printed before show() goes out before the chart
        self.send({"type": "artifact", "id": self.pump.exec_id, "kind": "chart", "name": name,
                   "mediaType": "application/vnd.plotly.v1+json", "data": data})

    def emit_table(self, obj):
        try:
            payload, rows = table_payload(obj, self.libs["pd"])
        except Exception as e:
            self.kernel_error(f"could not serialize table: {e!r}")
            return
        message = {"type": "artifact", "id": self.pump.exec_id, "kind": "table", "name": self._next_name("table", "json"),
                   "mediaType": "application/vnd.codingagent.table+json", "data": payload}
        if rows is not None:
            message["rows"] = rows
        self.send(message)

    def emit_images(self):
        """Emit every open matplotlib figure as PNG, then close them all."""
        plt = sys.modules.get("matplotlib.pyplot")
        if plt is None:
            return
        try:
            for num in plt.get_fignums():
                try:
                    buf = io.BytesIO()
                    plt.figure(num).savefig(buf, format="png", dpi=100, bbox_inches="tight")
                    self.send({"type": "artifact", "id": self.pump.exec_id, "kind": "image",
                               "name": self._next_name("figure", "png"), "mediaType": "image/png",
                               "base64": base64.b64encode(buf.getvalue()).decode("ascii")})
                except Exception as e:
                    self.kernel_error(f"could not render matplotlib figure {num}: {e!r}")
        finally:
            plt.close("all")

    def scan_files(self):
        """Snapshot {relative path: (size, mtime_ns)} of regular, non-hidden workspace files."""
        snapshot = {}
        for dirpath, dirnames, filenames in os.walk(self.workspace):  # never follows symlinks
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__")
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                path = os.path.join(dirpath, name)
                try:
                    st = os.lstat(path)
                except OSError:
                    continue
                if stat.S_ISREG(st.st_mode):
                    snapshot[os.path.relpath(path, self.workspace)] = (st.st_size, st.st_mtime_ns)
                    if len(snapshot) >= MAX_SCANNED_FILES:
                        return snapshot
        return snapshot

    def emit_files(self, before):
        emitted = 0
        for rel, sig in self.scan_files().items():
            if before.get(rel) == sig:
                continue
            if not os.path.realpath(os.path.join(self.workspace, rel)).startswith(self.workspace + os.sep):
                continue
            if emitted >= MAX_FILE_ARTIFACTS:
                self.kernel_error(f"more than {MAX_FILE_ARTIFACTS} files changed; not all were reported")
                break
            emitted += 1
            self.send({"type": "artifact", "id": self.pump.exec_id, "kind": "file",
                       "name": os.path.basename(rel), "path": rel,
                       "mediaType": mimetypes.guess_type(rel)[0] or "application/octet-stream"})

    # ----------------------------------------------------------- execution
    def display(self, value):
        """Emit artifacts for the cell's value and return its resultText."""
        pd, base_figure = self.libs.get("pd"), self.libs.get("BaseFigure")
        if base_figure is not None and isinstance(value, base_figure):
            self.emit_chart(value)
            return "<plotly figure: chart artifact emitted>"
        if pd is not None and isinstance(value, pd.DataFrame):
            self.emit_table(value)
            rows, cols = value.shape
            return value.to_string(max_rows=20, max_cols=20) + f"\n\n[{rows} rows x {cols} columns]"
        if pd is not None and isinstance(value, pd.Series):
            self.emit_table(value)
            return value.to_string(max_rows=20, name=True, dtype=True, length=True)
        text = repr(value)
        if len(text) > MAX_REPR_CHARS:
            text = text[:MAX_REPR_CHARS] + f"... [truncated, {len(text)} chars total]"
        return text

    def format_error(self, exc):
        try:
            message = str(exc)
        except Exception:
            message = "<unprintable exception>"
        if isinstance(exc, KeyboardInterrupt):
            message = "Execution interrupted"
        try:
            te = traceback.TracebackException(type(exc), exc, exc.__traceback__, compact=True)
            strip_kernel_frames(te)
            tb = "".join(te.format())
        except Exception:
            tb = f"{type(exc).__name__}: {message}\n"
        return {"type": type(exc).__name__, "message": message, "traceback": tb}

    def run_cell(self, code, filename):
        """Compile and run one cell. Returns (error or None, resultText or None)."""
        linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
        try:
            tree = ast.parse(code, filename=filename)
            last = None
            if tree.body and isinstance(tree.body[-1], ast.Expr):
                last = compile(ast.Expression(tree.body.pop().value), filename, "eval")
            body = compile(tree, filename, "exec")
        except Exception as e:
            return self.format_error(e), None
        signal.signal(signal.SIGINT, self._on_sigint)
        try:
            self.in_user_code = True
            try:
                exec(body, self.ns)
                value = eval(last, self.ns) if last is not None else None
                return None, (self.display(value) if value is not None else None)
            finally:
                self.in_user_code = False
        except BaseException as e:  # includes SystemExit, KeyboardInterrupt, MemoryError
            return self.format_error(e), None

    def execute(self, req):
        started = time.perf_counter()
        self.execution_count += 1
        exec_id = str(req.get("id", ""))
        cap = req.get("outputCap")
        cap = cap if isinstance(cap, int) and not isinstance(cap, bool) and cap > 0 else DEFAULT_OUTPUT_CAP
        self.limit_file_size(req.get("fileSizeLimit"))
        self.pump.begin(exec_id, cap)
        self.pump.restore_fds()
        os.dup2(self._devnull, 0)  # exit() closes sys.stdin (and fd 0)
        if getattr(sys.stdin, "closed", True):
            sys.stdin = open(0, "r", encoding="utf-8", closefd=False)
        for fd, name in ((1, "stdout"), (2, "stderr")):  # repair streams closed by user code
            if getattr(self, "_" + name).closed:
                setattr(self, "_" + name, self._text_stream(fd))
            if getattr(getattr(sys, name), "closed", True):
                setattr(sys, name, getattr(self, "_" + name))
        self.shown = []
        self.files_read = set()
        error, result_text = None, None
        try:
            before = self.scan_files()
            code = req.get("code")
            if not isinstance(code, str):
                raise TypeError("execute request without a string 'code' field")
            error, result_text = self.run_cell(code, f"<cell-{self.execution_count}>")
            self.emit_images()
            self.emit_files(before)
        except Exception as e:  # a bug in the kernel itself: report, never die
            self.kernel_error(f"internal error: {e!r}")
            error = error or {"type": "KernelError", "message": repr(e), "traceback": traceback.format_exc()}
        self.shown = []
        self.pump.restore_fds()
        self.pump.sync()
        with self.pump._lock:
            truncated = self.pump.truncated
        self.send({"type": "result", "id": exec_id, "status": "error" if error else "ok",
                   "executionCount": self.execution_count, "resultText": result_text, "error": error,
                   "truncated": truncated, "durationMs": round((time.perf_counter() - started) * 1000, 3),
                   "filesRead": sorted(self.files_read)})

    def inspect(self, req):
        """Answers an inspect request with the namespace's variables: names, types and sizes, never values. Runs on
        the main thread between executions and calls no code of the cell's own classes (exact types only)."""
        items, skipped = [], 0
        for name, value in list(self.ns.items()):
            if not isinstance(name, str) or name.startswith("_") or (name in self.libs and value is self.libs[name]):
                continue
            if issubclass(type(value), (types.ModuleType, type)):  # not isinstance: that may call a __class__ property
                continue
            if len(items) >= MAX_VARIABLES:
                skipped += 1
                continue
            items.append(describe_variable(name, value, self.libs.get("pd"), sys.modules.get("numpy")))
        self.send({"type": "variables", "id": str(req.get("id", "")), "items": items, "truncated": skipped > 0})

    def serve(self):
        pd = self.libs.get("pd")
        self.send({"type": "ready", "python": platform.python_version(),
                   "pandas": getattr(pd, "__version__", None)})
        while True:
            try:
                request = self.requests.get()
                if request.get("type") == "inspect":
                    self.inspect(request)
                    continue
                self.execute(request)
            except KeyboardInterrupt:
                continue
            except BaseException as e:
                self.log(f"unexpected error in main loop: {e!r}")


if __name__ == "__main__":
    Kernel().serve()
