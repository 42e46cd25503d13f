"""The observatory of a territory: for each frein, the offer there and who lives far from
it, computed from the live catalogue, for the coordinators of that territory."""
