from nakhon.governance import standard_urls

app_name = "governance"
urlpatterns = [*standard_urls.urlpatterns]
