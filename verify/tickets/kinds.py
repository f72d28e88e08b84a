"""The constructions a ticket can come from, and the input domain each one's certificate is over."""

#: Every construction of :mod:`verify.tickets` (``pensia`` is :mod:`verify.tickets.construction`).
CONSTRUCTIONS = ("pensia", "burkholz", "orseau", "conv")

#: The input domain and error norm of each construction's certificate: the unit ℓ2 ball with the ℓ2 error, or the
#: box max |x| <= 1 with the largest output error.
DOMAINS = {"pensia": "l2-ball", "orseau": "l2-ball", "burkholz": "l2-ball", "conv": "linf-box"}
