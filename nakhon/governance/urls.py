from nakhon.governance import proposal_urls

app_name = "governance"
urlpatterns = [*proposal_urls.urlpatterns]
