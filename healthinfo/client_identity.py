"""A stable, private name for the client behind a request, for rate limits.

The address itself is never stored or logged: only a hash salted with the secret key and the
day, so that names cannot be turned back into addresses or followed across days.
"""

from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.views.decorators.debug import sensitive_variables


@sensitive_variables("address")
def client_hash(request, purpose: str) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    day = timezone.now().date().isoformat()
    return salted_hmac(f"healthinfo.{purpose}.{day}", address, algorithm="sha256").hexdigest()
