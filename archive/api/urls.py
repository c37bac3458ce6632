"""/api/: the router's index, the five resources, and the OpenAPI description; any other
address under /api/ answers a JSON 404 too, not the site's HTML page."""

from django.urls import include, path, re_path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.exceptions import NotFound
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from archive.api import views

app_name = "api"

router = DefaultRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("sessions", views.SessionViewSet, basename="session")
router.register("people", views.PersonViewSet, basename="person")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("quotes", views.QuoteViewSet, basename="quote")


@extend_schema(exclude=True)
class NotInTheApi(APIView):
    """/api/sessions/abc/, /api/nothing/ ...: {"detail": "Not found."}, as for an unknown slug."""

    def get(self, request, *args, **kwargs):
        raise NotFound()


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("", include(router.urls)),
    # Last, and only for addresses ending in "/": without it the usual redirect adds the slash.
    re_path(r"^[\s\S]+/$", NotInTheApi.as_view(), name="not-found"),
]
