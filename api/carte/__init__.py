"""The public map's data: services in a viewport, grouped on a grid by zoom level."""
