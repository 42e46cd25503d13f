"""Pages: server-rendered Jinja (DSFR) with folium maps, every asset served locally — the
public pages (``pages/``) and the structure space and moderation (``espace/``), over the
services of ``api``."""
