from django.urls import path

from nakhon.analysis import views

app_name = "analysis"
urlpatterns = [
    path("", views.index, name="index"),
    path("impact/", views.impact, name="impact"),
    path("impact/elements/", views.element_search, name="element_search"),
    path("redundancy/", views.redundancy, name="redundancy"),
    path("gap/", views.gap, name="gap"),
    path("heatmap/", views.heatmap, name="heatmap"),
    path("obsolescence/", views.obsolete, name="obsolescence"),
    path("conflicts/", views.conflicts, name="conflicts"),
]
