"""The papers the catalog cites, as :class:`bounds.parts.Source` records (one place, so citations stay consistent).

Author lists, titles and venues are the project's record of them; where a detail was not checked against the paper
itself the ``note`` says so.  Theorem numbers are added per bound (``dataclasses.replace(..., locator=...)``).
"""

from __future__ import annotations

from bounds.parts import Source

PROJECT = Source("slth-verify", None, "Counting argument", "derived in this project (spec: subsetsum.md, "
                 "bounds-catalog.md)")
LUEKER1998 = Source("G. S. Lueker", 1998, "Exponentially small bounds on the expected optimum of the partition and "
                    "subset sum problems", "Random Structures & Algorithms 12(1)")
PENSIA2020 = Source("A. Pensia, S. Rajput, A. Nagle, H. Vishwakarma, D. Papailiopoulos", 2020,
                    "Optimal Lottery Tickets via SubsetSum: Logarithmic Over-Parameterization is Sufficient",
                    "NeurIPS 2020, arXiv 2006.07990")
MALACH2020 = Source("E. Malach, G. Yehudai, S. Shalev-Shwartz, O. Shamir", 2020,
                    "Proving the Lottery Ticket Hypothesis: Pruning is All You Need", "ICML 2020",
                    note="theorem number not recorded")
ORSEAU2020 = Source("L. Orseau, M. Hutter, O. Rivasplata", 2020, "Logarithmic Pruning is All You Need",
                    "NeurIPS 2020", note="theorem number not recorded")
BURKHOLZ2022 = Source("R. Burkholz", 2022, "Most Activation Functions Can Win the Lottery Without Excessive Depth",
                      "NeurIPS 2022", note="theorem number not recorded")
DACUNHA2022 = Source("A. da Cunha, E. Natale, L. Viennot", 2022,
                     "Proving the Strong Lottery Ticket Hypothesis for Convolutional Neural Networks", "ICLR 2022",
                     note="theorem number not recorded")
NATALE2024 = Source("E. Natale, D. Ferré, G. Giambartolomei, F. Giroire, F. Mallmann-Trenn", 2024,
                    "On the Sparsity of the Strong Lottery Ticket Hypothesis", "NeurIPS 2024, arXiv 2410.14754",
                    note="venue recalled; theorem numbers not recorded")
FERBACH2023 = Source("D. Ferbach, C. Tsirigotis, G. Gidel, A. J. Bose", 2023,
                     "A General Framework For Proving The Equivariant Strong Lottery Ticket Hypothesis", "ICLR 2023",
                     note="theorem number not recorded")
GADHIKAR2023 = Source("A. Gadhikar, S. Mukherjee, R. Burkholz", 2023,
                      "Why Random Pruning Is All We Need to Start Sparse", "ICML 2023",
                      note="statement from the abstract")
BECCHETTI2022 = Source("L. Becchetti, A. da Cunha, A. Clementi, F. d'Amore, H. Lesfari, E. Natale, L. Trevisan", 2022,
                       "On the Multidimensional Random Subset Sum Problem", "arXiv 2207.13944",
                       note="statement from the abstract; venue not recorded")
FISCHER2022 = Source("J. Fischer, R. Burkholz", 2022, "Plant 'n' Seek: Can You Find the Winning Ticket?",
                     "ICLR 2022, arXiv 2111.11153")
