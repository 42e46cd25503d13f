"""Pages: server-rendered Jinja (DSFR) with folium maps, every asset served locally."""
