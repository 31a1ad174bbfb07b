"""Start and stop a throwaway Virtuoso server on 127.0.0.1 for the tests.

The server gets a folder of its own (database, log, ``virtuoso.ini``) and two
free loopback ports (SQL and HTTP). Its fresh database has the ``dba`` account
with password ``dba``; the tests write through the Digest-protected
``/sparql-auth`` endpoint with it, and read through the anonymous ``/sparql``.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

#: Seconds to wait for a fresh server to answer SPARQL.
START_TIMEOUT = 120.0

INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
LiteMode = 0
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
O_DIRECT = 0
CaseMode = 2
MaxStaticCursorRows = 5000
CheckpointAuditTrail = 0
AllowOSCalls = 0
SchedulerInterval = 10
DirsAllowed = ., {dir}
ThreadCleanupInterval = 0
ThreadThreshold = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize = 100000
SingleCPU = 0
PrefixResultNames = 0
RdfFreeTextRulesSize = 100
IndexTreeMaps = 64
MaxQueryMem = 512M
VectorSize = 1000
MaxVectorSize = 1000000
AdjustVectorSize = 0
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 4
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}/vsp
MaxClientConnections = 10
DavRoot = DAV
EnabledDavVSP = 0
HTTPProxyEnabled = 0
TempASPXDir = 0
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
MaxCachedProxyConnections = 10
ProxyConnectionCacheTimeout = 15
HTTPThreadSize = 280000
HttpPrintWarningsInOutput = 0
Charset = UTF-8
EnabledGzipContent = 0

[Client]
SQL_PREFETCH_ROWS = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT = 0
SQL_TXN_TIMEOUT = 0

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 120
MaxSortedTopRows = 1000000
"""


def virtuoso_binary() -> str | None:
    """The ``virtuoso-t`` executable, or None when Virtuoso is not installed."""
    return shutil.which("virtuoso-t") or (
        "/usr/bin/virtuoso-t" if os.access("/usr/bin/virtuoso-t", os.X_OK) else None
    )


def free_port() -> int:
    """A TCP port nobody listens on right now, on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Virtuoso:
    """A running server: its folder, ports and endpoint URLs."""

    folder: Path
    sql_port: int
    http_port: int
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    user: str = "dba"
    password: str = "dba"
    max_rows: int = 1_000_000  # the server's ResultSetMaxRows

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql(self) -> str:
        """The anonymous endpoint (read only unless SPARQL_UPDATE is granted)."""
        return self.base + "/sparql"

    @property
    def sparql_auth(self) -> str:
        """The Digest-protected endpoint, with update rights for ``dba``."""
        return self.base + "/sparql-auth"

    @property
    def gsp_auth(self) -> str:
        """The Digest-protected Graph Store Protocol endpoint."""
        return self.base + "/sparql-graph-crud-auth"

    def log(self) -> str:
        p = self.folder / "virtuoso.log"
        return p.read_text("utf-8", "replace")[-4000:] if p.exists() else ""

    def start(self, binary: str) -> None:
        (self.folder / "vsp").mkdir(parents=True, exist_ok=True)
        ini = self.folder / "virtuoso.ini"
        ini.write_text(
            INI.format(dir=self.folder, sql_port=self.sql_port, http_port=self.http_port,
                       max_rows=self.max_rows), "utf-8"
        )
        out = (self.folder / "stdout.log").open("wb")
        self.process = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(ini)],
            cwd=self.folder, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        probe = self.sparql + "?query=" + urllib.request.quote("ASK { ?s ?p ?o }")
        last = ""
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(probe, timeout=5) as resp:
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
                last = str(exc)
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"Virtuoso did not answer within {START_TIMEOUT:.0f} s ({last}):\n{self.log()}")

    def stop(self) -> None:
        """Stop the server (SIGTERM lets it checkpoint and exit; SIGKILL after 30 s)."""
        proc, self.process = self.process, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def start_virtuoso(folder: Path, binary: str, *, max_rows: int = 1_000_000,
                   tries: int = 3) -> Virtuoso:
    """A fresh server in ``folder`` on two free loopback ports, answering SPARQL, that cuts
    answers at ``max_rows`` rows. A port taken between choosing it and binding it makes
    the server exit at once: then it starts again, on other ports, in a clean folder."""
    for attempt in range(1, tries + 1):
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        sql_port = free_port()
        http_port = free_port()
        while http_port == sql_port:
            http_port = free_port()
        server = Virtuoso(folder=folder, sql_port=sql_port, http_port=http_port, max_rows=max_rows)
        try:
            server.start(binary)
            return server
        except RuntimeError:
            server.stop()
            if attempt == tries:
                raise
    raise AssertionError("unreachable")
