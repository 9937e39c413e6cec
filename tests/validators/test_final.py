"""A final answer must be closed form: an unfinished integral differentiates back too, but solves nothing."""

from validators.final import check_final_antiderivative


def test_a_closed_form_answer_is_verified():
    assert check_final_antiderivative("x*exp(x) - exp(x) + C", "x*exp(x)").ok


def test_an_answer_that_only_restates_the_integral_is_refused():
    verdict = check_final_antiderivative("Integral(x*exp(x), x) + C", "x*exp(x)")
    assert not verdict.ok and "unevaluated" in verdict.detail


def test_an_unfinished_parts_step_is_not_a_final_answer():
    assert not check_final_antiderivative("x*exp(x) - Integral(exp(x), x)", "x*exp(x)").ok


def test_unparsable_and_wrong_answers_say_why():
    assert check_final_antiderivative("exp(x", "exp(x)").reason == "parse_error"
    assert check_final_antiderivative("x*exp(x) + C", "x*exp(x)").reason == "not_equivalent"


def test_cas_forms_with_a_high_power_or_max_min_are_checked():
    # published antiderivatives: a power past 1000 of the variable, Max/Min of continuous pieces
    assert check_final_antiderivative("x**1001/1001", "x**1000").ok
    assert check_final_antiderivative("Max(0, x)**2/2", "Max(0, x)").ok
    assert check_final_antiderivative("x**1001/1000", "x**1000").reason == "not_equivalent"
    # the one-sided near-misses Max and Min make are still caught
    assert not check_final_antiderivative("exp(x) + Max(0, x - 40)**2", "exp(x)").ok
    assert not check_final_antiderivative("x**3/3 + Min(0, x + 0.3)**3", "x**2").ok
    assert not check_final_antiderivative("Max(x, 1)**2/2", "Max(x, 1)").ok  # wrong for x < 1


def test_heaviside_stays_refused():
    # sin(x) + Heaviside(x) jumps at 0, and the numeric check sees only F' = cos(x) on each side: until
    # that check tests continuity at the switch, a Heaviside answer is not read at all
    assert check_final_antiderivative("sin(x) + Heaviside(x)", "cos(x)").reason == "parse_error"


def test_a_final_written_as_a_chain_is_checked_member_by_member():
    chain = "Integral(x*exp(9*x), x) = x*exp(9*x)/9 - exp(9*x)/81 + C = (9*x - 1)*exp(9*x)/81 + C"
    assert check_final_antiderivative(chain, "x*exp(9*x)").ok
    pending = "∫ x e^(9x) dx = x e^(9x)/9 - ∫ e^(9x)/9 dx = (9x - 1) e^(9x)/81 + C"
    assert check_final_antiderivative(pending, "x*exp(9*x)").ok
    false_middle = "Integral(x*exp(9*x), x) = x*exp(9*x)/9 - exp(9*x)/80 + C = (9*x - 1)*exp(9*x)/81 + C"
    assert check_final_antiderivative(false_middle, "x*exp(9*x)").reason == "not_equivalent"
    # a leading c∫ h dx only names the integral: the answer is checked as it stands
    assert check_final_antiderivative("2∫ x dx = x^2", "2*x").ok
    assert not check_final_antiderivative("2∫ x dx = 2x^2", "2*x").ok
    # the integral it names must be the one it integrates: a wrong label is a false final
    assert not check_final_antiderivative("∫ x^2 e^x dx = (x - 1) e^x + C", "x*exp(x)").ok


DERIVATIVE_LABELS = [
    ("F'(x) = x^2/2", "x"),
    ("dy/dx = sin(x)", "cos(x)"),
    ("f''(x) = x", "1"),
    (r"F^{\prime}(x) = \frac{x^{3}}{3}", "x**2"),
    ("y' = -cos(x) + C", "sin(x)"),
    ("y′ = -cos(x) + C", "sin(x)"),
    ("dF = x^2/2 dx", "x"),
    ("F&prime;(x) = x<sup>2</sup>/2", "x"),
    ("Df(x) = x^2/2", "x"),  # Euler's D
    ("F₁'(x) = x^2/2", "x"),  # judged after unicode is read: F_1', mu', dy/dx
    ("μ'(x) = x^2/2", "x"),
    ("dy∕dx = x^2/2", "x"),
    ("D_xF(x) = x^2/2", "x"),
]


def test_a_final_labelled_as_a_derivative_is_refused_not_read_as_F():
    # dropped like "F(x) =", the label would let R pass for F although the text says R is F'
    for answer, integrand in DERIVATIVE_LABELS:
        verdict = check_final_antiderivative(answer, integrand)
        assert not verdict.ok and "labelled as a derivative" in verdict.detail, answer
    for answer in ("F(x) = x^2/2", "y = x^2/2 + C", "∫ x dx = x^2/2"):  # names of F itself still read
        assert check_final_antiderivative(answer, "x").ok, answer
