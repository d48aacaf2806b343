from nakhon.capacity import skills_urls

app_name = "capacity"
urlpatterns = [*skills_urls.urlpatterns]
