from django.conf import settings

from .search.text import MAX_QUERY_LENGTH


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "search_max_length": MAX_QUERY_LENGTH,
        "development_data": settings.DEVELOPMENT_DATA,
        # Named in the imprint, the privacy notice and the accessibility statement.
        "operator": {
            "name": settings.OPERATOR_NAME,
            "address": settings.OPERATOR_ADDRESS,
            "email": settings.OPERATOR_EMAIL,
            "phone": settings.OPERATOR_PHONE,
        },
    }
