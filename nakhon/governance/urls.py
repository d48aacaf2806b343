from nakhon.governance import proposal_urls, review_urls, standard_urls

app_name = "governance"
urlpatterns = [
    *review_urls.urlpatterns,
    *standard_urls.urlpatterns,
    *proposal_urls.urlpatterns,
]
