from django.urls import path

from nakhon.analysis import views

app_name = "analysis"
urlpatterns = [
    path("", views.index, name="index"),
    path("impact/", views.impact, name="impact"),
    path("impact/elements/", views.element_search, name="element_search"),
    path("redundancy/", views.redundancy, name="redundancy"),
    path("redundancy/dismiss/", views.dismiss_finding, name="dismiss_finding"),
    path("redundancy/dismissed/<uuid:pk>/restore/", views.restore_finding, name="restore_finding"),
    path("gap/", views.gap, name="gap"),
    path("heatmap/", views.heatmap, name="heatmap"),
    path("obsolescence/", views.obsolete, name="obsolescence"),
    path("conflicts/", views.conflicts, name="conflicts"),
]
