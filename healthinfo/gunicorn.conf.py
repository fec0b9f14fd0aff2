"""gunicorn settings for `make serve` and production; every value can come from the environment."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Requests are short and CPU-bound (pages come from the cache): about one worker per core,
# plus one so a worker waiting on the database does not leave a core idle.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
# Threads, so that a client sending its request body slowly holds one thread, not a whole
# worker: with sync workers, two such clients stalled every other request for the 30 s of
# the worker timeout. The reverse proxy, buffering whole request bodies before passing them
# on, stays the first defence; with enough slow clients, every thread is taken too.
# Each thread keeps its own database connection (CONN_MAX_AGE), so one instance holds up to
# workers × threads connections to PostgreSQL: 5 × 4 = 20 on four cores, which with several
# instances must stay below the server's max_connections (100 by default).
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 30
graceful_timeout = 20
# Workers are renewed now and then in case memory creeps up; rarely, since each renewal
# starts with an empty in-process cache when there is no Redis.
max_requests = 50000
max_requests_jitter = 5000
# Health data: the access log names no client address (no %(h)s) and no query string.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
# gunicorn's own messages about bad requests name the client and repeat what it sent.
logger_class = "healthinfo.gunicorn_logging.PrivateLogger"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn takes SCRIPT_NAME and PATH_INFO from request headers of any client in
# forwarded_allow_ips unless told otherwise, and loopback is in there: anyone reaching the
# server directly could then move the site under another prefix, for the page cache too.
# The site lives at /, so nothing is taken from headers unless a deployment names them.
forwarder_headers = os.environ.get("GUNICORN_FORWARDER_HEADERS", "")
# gunicorn's runtime control socket has one path per user, so two instances on one machine
# (as in the scale-out test) would fight over it; nothing here uses it.
control_socket_disable = True
