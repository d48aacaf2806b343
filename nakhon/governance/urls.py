from nakhon.governance import proposal_urls, standard_urls

app_name = "governance"
urlpatterns = [*standard_urls.urlpatterns, *proposal_urls.urlpatterns]
