"""First-order linear ODEs y' + p(x)*y = q(x), made from a chosen solution, solved by integrating factor."""
