from rest_framework.pagination import LimitOffsetPagination as DRFLimitOffsetPagination

from nakhon.core.views import MAX_PER_PAGE


class LimitOffsetPagination(DRFLimitOffsetPagination):
    default_limit = 50
    max_limit = MAX_PER_PAGE
