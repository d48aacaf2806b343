from nakhon.capacity import event_urls

app_name = "capacity"
urlpatterns = [*event_urls.urlpatterns]
