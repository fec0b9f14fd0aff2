"""gunicorn settings for `make serve` and production; every value can come from the environment."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Requests are short and CPU-bound (pages come from the cache): about one worker per core,
# plus one so a worker waiting on the database does not leave a core idle.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
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
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's runtime control socket has one path per user, so two instances on one machine
# (as in the scale-out test) would fight over it; nothing here uses it.
control_socket_disable = True
