from nakhon.capacity import event_urls, skills_urls

app_name = "capacity"
urlpatterns = [*skills_urls.urlpatterns, *event_urls.urlpatterns]
