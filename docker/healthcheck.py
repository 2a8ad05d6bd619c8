"""The web container's health check: does gunicorn answer the home page?

    python docker/healthcheck.py [host:port]      (default 127.0.0.1:8000)

Asks for /en/ the way the reverse proxy would (Host: SITE_URL's host, and
X-Forwarded-Proto: https when SITE_URL is https), so ALLOWED_HOSTS and the HTTPS
redirect accept it. Exits 0 when the answer is 200, 1 otherwise.
"""

import http.client
import os
import sys
from urllib.parse import urlsplit

site = urlsplit(os.environ.get("SITE_URL", ""))
headers = {"Host": site.netloc or "localhost", "X-Forwarded-Proto": site.scheme or "http"}
address = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:8000"
connection = http.client.HTTPConnection(address, timeout=5)
try:
    connection.request("GET", "/en/", headers=headers)
    status = connection.getresponse().status
except OSError as error:
    sys.exit(f"unhealthy: {error}")
sys.exit(0 if status == 200 else f"unhealthy: HTTP {status}")
