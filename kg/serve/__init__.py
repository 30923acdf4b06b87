"""``kg serve``: the release as linked data on the web: URIs that resolve, pages, SPARQL, charts.

Sits at the end of the pipeline, after ``kg publish``: it reads a published release (its
files, ``void.ttl`` and a store over its quads) and never changes it. ``run`` starts it;
``app`` holds the routes; ``backend`` the embedded and remote stores and ``isolation`` the
killable workers that run clients' queries; ``negotiation`` the Accept handling;
``description`` the RDF of an entity; ``entity`` and ``pages`` the HTML (``templates/``,
``static/``); ``sparql`` the protocol; ``charts`` and ``svg`` the charts; ``release`` the
release's files and VoID description.
"""
