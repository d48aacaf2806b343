from nakhon.governance import review_urls

app_name = "governance"
urlpatterns = [*review_urls.urlpatterns]
