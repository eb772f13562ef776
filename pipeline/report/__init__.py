"""A published output set, for people: the HTML run report and the per-monograph view.

``data`` reads the set and works out the figures, ``charts`` draws them
(plotly, inlined), ``page`` renders the one self-contained HTML file, and
``show`` prints one monograph's source lines beside the records they gave.
"""
