"""The composition roots: the one web application (``maillage.app``) and the one
``maillage`` command (``maillage.cli``), assembled from the packages below them."""
