//! The one evaluator: the catalogue applied to a report, or to a pair of years.

use rust_decimal::Decimal;

use crate::layout::{CellRef, Layout, Section};
use crate::number::Value;
use crate::{Edition, Published};

use super::identities::{Compare, Identity, Term, identities, pair_identities};
use super::*;

/// Where findings go: a list, or a flag that stops at the first error.
pub(super) trait Sink {
    fn wants(&self, rule: &Rule) -> bool;
    fn push(&mut self, finding: Finding);
    fn done(&self) -> bool;
}

impl Sink for Vec<Finding> {
    fn wants(&self, _: &Rule) -> bool {
        true
    }
    fn push(&mut self, finding: Finding) {
        Vec::push(self, finding);
    }
    fn done(&self) -> bool {
        false
    }
}

/// Records only whether an error was found.
struct FirstError(bool);

impl Sink for FirstError {
    fn wants(&self, rule: &Rule) -> bool {
        rule.severity == Severity::Error
    }
    fn push(&mut self, finding: Finding) {
        self.0 |= finding.severity() == Severity::Error;
    }
    fn done(&self) -> bool {
        self.0
    }
}

/// What the evaluator reads of a report: its cells' values and texts, and
/// its metadata. A published report is one; so are the figures of a
/// strict report being built.
pub(crate) trait Source {
    fn edition(&self) -> Edition;
    fn meta(&self) -> &crate::ReportMeta;
    /// The value of a cell; `None` where it is absent.
    fn value(&self, cell: CellRef) -> Option<Value>;
    /// The text of a cell, for findings; `None` where it is absent.
    fn text(&self, cell: CellRef) -> Option<String>;
    fn label_variants(&self) -> &[crate::LabelVariant];
    /// The prose, where the report has its text (a strict report's
    /// figures alone have none).
    fn prose(&self) -> Option<&crate::Prose> {
        None
    }
    /// The cells printed more than once.
    fn duplicates(&self) -> &[crate::published::Duplicate] {
        &[]
    }
    /// Whether a money cell's figure was read in 万元 with no unit printed.
    fn unit_assumed(&self, _cell: CellRef) -> bool {
        false
    }

    /// The figure a cell stands for in the arithmetic: blank, marked,
    /// absent and unusable cells count as 0.
    fn figure_or_zero(&self, cell: CellRef) -> Decimal {
        self.value(cell).and_then(Value::figure).unwrap_or_default()
    }
}

impl Source for Published {
    fn edition(&self) -> Edition {
        Published::edition(self)
    }
    fn meta(&self) -> &crate::ReportMeta {
        Published::meta(self)
    }
    fn value(&self, cell: CellRef) -> Option<Value> {
        self.get(cell).map(crate::Cell::value)
    }
    fn text(&self, cell: CellRef) -> Option<String> {
        self.get(cell).map(|c| c.text().to_owned())
    }
    fn label_variants(&self) -> &[crate::LabelVariant] {
        Published::label_variants(self)
    }
    fn prose(&self) -> Option<&crate::Prose> {
        Some(Published::prose(self))
    }
    fn duplicates(&self) -> &[crate::published::Duplicate] {
        Published::duplicates(self)
    }
    fn unit_assumed(&self, cell: CellRef) -> bool {
        self.get(cell).is_some_and(|c| c.unit_assumed(cell))
    }
}

struct Reports<'a, S: ?Sized> {
    current: &'a S,
    previous: Option<&'a S>,
}

enum Figure {
    Value(Decimal),
    /// Absent and optional: the identity does not apply.
    NotPrinted,
    /// Absent though required, or not a usable number: reported on the
    /// cell itself; the identity is not evaluated.
    Unusable,
}

impl<S: Source + ?Sized> Reports<'_, S> {
    fn report(&self, term: &Term) -> Option<&S> {
        match term.year {
            Year::Current => Some(self.current),
            Year::Previous => self.previous,
        }
    }

    fn figure(&self, term: &Term) -> Figure {
        match self.report(term).and_then(|r| r.value(term.cell)) {
            None if term.cell.info().is_required() => Figure::Unusable,
            None => Figure::NotPrinted,
            Some(v) => match v.figure() {
                Some(d) => Figure::Value(if term.negated { -d } else { d }),
                None => Figure::Unusable,
            },
        }
    }

    fn involved(&self, term: &Term, actual_side: bool) -> Involved {
        Involved {
            cell: term.cell,
            year: term.year,
            text: self.report(term).and_then(|r| r.text(term.cell)),
            negated: term.negated,
            actual_side,
            derived: false,
            at: None,
        }
    }

    /// Σ of one side: `Ok(None)` if the identity does not apply, `Err(())`
    /// if the sum overflows. Whole figures (every count and change) are
    /// summed as integers; others as decimals.
    fn sum(&self, terms: &[Term]) -> Result<Option<Decimal>, ()> {
        let mut whole: i128 = 0;
        let mut exact: Option<Decimal> = None;
        let mut stood_in: Vec<CellRef> = Vec::new();
        for t in terms {
            let mut figure = self.figure(t);
            if matches!(figure, Figure::Unusable) {
                // Sub-rows printed as their group's one row: its subtotal
                // stands for them, once, where the sum takes them all.
                let subtotal = self.report(t).and_then(|r| standing_subtotal(r, t.cell));
                if let Some((group, siblings)) = subtotal {
                    let all_here = siblings
                        .iter()
                        .all(|s| terms.iter().any(|o| o.cell == *s && o.year == t.year && o.negated == t.negated));
                    if all_here {
                        if stood_in.contains(&group) {
                            continue;
                        }
                        stood_in.push(group);
                        figure = self.figure(&Term { cell: group, ..*t });
                    }
                }
            }
            match (figure, exact) {
                (Figure::Value(d), None) if d.scale() == 0 => whole = whole.checked_add(d.mantissa()).ok_or(())?,
                (Figure::Value(d), None) => {
                    let so_far = Decimal::try_from_i128_with_scale(whole, 0).map_err(|_| ())?;
                    exact = Some(so_far.checked_add(d).ok_or(())?);
                }
                (Figure::Value(d), Some(e)) => exact = Some(e.checked_add(d).ok_or(())?),
                (Figure::NotPrinted | Figure::Unusable, _) => return Ok(None),
            }
        }
        match exact {
            Some(e) => Ok(Some(e)),
            None => Decimal::try_from_i128_with_scale(whole, 0).map(Some).map_err(|_| ()),
        }
    }

    fn evaluate(&self, rule: &'static Rule, identity: &Identity, sink: &mut impl Sink) {
        let (actual, expected) = match (self.sum(&identity.actual), self.sum(&identity.expected)) {
            (Ok(Some(a)), Ok(Some(e))) => (a, e),
            (Ok(None), _) | (_, Ok(None)) => return,
            (Err(()), _) | (_, Err(())) => {
                if sink.wants(&CELL_OVERFLOW) {
                    sink.push(Finding::new(&CELL_OVERFLOW, self.all_involved(identity), Detail::SumOverflow));
                }
                return;
            }
        };
        let holds = match identity.compare {
            Compare::Equal => actual == expected,
            Compare::AtLeast => actual >= expected,
        };
        if !holds && sink.wants(rule) {
            let at_least = identity.compare == Compare::AtLeast;
            let mut f = Finding::new(rule, self.all_involved(identity), Detail::Identity { at_least });
            f.actual = Some(actual.normalize());
            f.expected = Some(expected.normalize());
            sink.push(f);
        }
    }

    fn all_involved(&self, identity: &Identity) -> Vec<Involved> {
        let a = identity.actual.iter().map(|t| self.involved(t, true));
        let e = identity.expected.iter().map(|t| self.involved(t, false));
        a.chain(e).collect()
    }
}

/// Where every sub-row of a group is absent in `cell`'s column and the
/// group prints its subtotal there (（六）其他处理 printed as one row, as in
/// the 2019 format), the subtotal and the sub-rows' cells it stands for.
fn standing_subtotal<S: Source + ?Sized>(p: &S, cell: CellRef) -> Option<(CellRef, Vec<CellRef>)> {
    let parent = cell.row().parent?;
    let layout = Layout::of(cell.edition());
    let section = cell.section();
    let group = layout.cell(section, parent, cell.column())?;
    let block = layout.blocks(section).iter().find(|b| b.rows.iter().any(|r| std::ptr::eq(*r, parent)))?;
    let siblings: Vec<CellRef> =
        block.children(parent).filter_map(|r| layout.cell(section, r, cell.column())).collect();
    let stands = p.value(group).is_some_and(|v| v.figure().is_some()) && siblings.iter().all(|c| p.value(*c).is_none());
    stands.then_some((group, siblings))
}

fn cell_findings<S: Source + ?Sized>(p: &S, sink: &mut impl Sink) {
    let layout = Layout::of(p.edition());
    let mut missing: Vec<CellRef> = Vec::new();
    for cell in layout.cells() {
        if sink.done() {
            return;
        }
        let info = cell.info();
        let detail = match p.value(cell) {
            None if info.is_required() => {
                missing.push(cell);
                continue;
            }
            None => continue,
            Some(Value::Blank | Value::NotApplicable) => Detail::Cell(CellProblem::Blank),
            Some(Value::NotANumber) => Detail::Cell(CellProblem::NotANumber),
            Some(Value::TooLarge) => Detail::Cell(CellProblem::TooLarge),
            Some(Value::Number(d))
                if d.is_sign_negative() && !d.is_zero() && info.kind() != crate::layout::CellKind::Change =>
            {
                Detail::Cell(CellProblem::Negative)
            }
            Some(Value::Number(_)) if p.unit_assumed(cell) => Detail::UnitAssumed,
            Some(Value::Number(_)) => continue,
        };
        let rule = match detail {
            Detail::Cell(problem) => problem.rule(),
            _ => &CELL_UNIT_ASSUMED,
        };
        if !sink.wants(rule) {
            continue;
        }
        let involved = Involved::current(cell, p.text(cell));
        sink.push(Finding::new(rule, vec![involved], detail));
    }
    if sink.wants(&CELL_MISSING) {
        for group in missing_groups(layout, &missing) {
            sink.push(missing_finding(p, group));
        }
    }
    if sink.wants(&CELL_DUPLICATE) {
        for d in p.duplicates() {
            let involved = Involved::current(d.cell, p.text(d.cell));
            let detail = Detail::Duplicate { unlisted: d.unlisted };
            sink.push(Finding::new(&CELL_DUPLICATE, vec![involved], detail).quoting(d.texts.clone()));
        }
    }
}

/// Absent cells, grouped as FORMAT §6 reports them: a whole table's
/// required cells as one group, otherwise the absent cells of each row.
fn missing_groups(layout: &Layout, missing: &[CellRef]) -> Vec<Vec<CellRef>> {
    let mut groups: Vec<Vec<CellRef>> = Vec::new();
    for section in Section::TABLES {
        let absent: Vec<CellRef> = missing.iter().copied().filter(|c| c.section() == section).collect();
        if absent.is_empty() {
            continue;
        }
        let required = layout.section_cells(section).filter(|c| c.info().is_required()).count();
        if absent.len() == required {
            groups.push(absent);
            continue;
        }
        for cell in absent {
            match groups.last_mut() {
                Some(g) if g.first().is_some_and(|f| std::ptr::eq(f.row(), cell.row()) && f.section() == section) => {
                    g.push(cell)
                }
                _ => groups.push(vec![cell]),
            }
        }
    }
    groups
}

/// One `cell.missing` finding for a group of absent cells: an error where
/// a rule of severity error needs one of them, a warning otherwise.
fn missing_finding<S: Source + ?Sized>(p: &S, cells: Vec<CellRef>) -> Finding {
    let mut needing: Vec<&'static str> = Vec::new();
    for cell in &cells {
        for id in rules_needing(*cell, standing_subtotal(p, *cell).map(|(_, s)| s).as_deref()) {
            if !needing.contains(&id) {
                needing.push(id);
            }
        }
    }
    let error = needing.iter().any(|id| find(id).is_some_and(|r| r.severity == Severity::Error));
    let involved = cells.into_iter().map(|cell| Involved::current(cell, None));
    let mut f = Finding::new(&CELL_MISSING, involved.collect(), Detail::NotEvaluated(needing));
    f.severity = if error { Severity::Error } else { Severity::Warning };
    f
}

/// The ids of the single-report rules that read `cell`. Where its group's
/// subtotal stands for it and its `siblings`, a rule that takes them all
/// reads the subtotal instead, and its own row's total, absent with it,
/// has nothing to check.
fn rules_needing(cell: CellRef, siblings: Option<&[CellRef]>) -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = Vec::new();
    for (rule, identity) in identities(cell.edition()) {
        let mut terms = identity.actual.iter().chain(&identity.expected);
        let reads = terms.clone().any(|t| t.cell == cell);
        let stood_in = siblings.is_some_and(|siblings| {
            siblings.iter().all(|s| terms.clone().any(|t| t.cell == *s))
                || terms.all(|t| std::ptr::eq(t.cell.row(), cell.row()))
        });
        if reads && !stood_in && !ids.contains(&rule.id) {
            ids.push(rule.id);
        }
    }
    ids
}

fn meta_findings<S: Source + ?Sized>(p: &S, sink: &mut impl Sink) {
    let meta = p.meta();
    if p.edition() != Edition::for_year(meta.year()) && sink.wants(&EDITION_YEAR_MISMATCH) {
        let detail = Detail::YearMismatch { edition: p.edition(), year: meta.year() };
        sink.push(Finding::new(&EDITION_YEAR_MISMATCH, vec![], detail));
    }
    let deadline = meta.kind().and_then(|k| k.deadline(meta.year()));
    if let (Some(published), Some(deadline)) = (meta.published_on(), deadline)
        && published > deadline
        && sink.wants(&PUBLISH_LATE)
    {
        sink.push(Finding::new(&PUBLISH_LATE, vec![], Detail::Late { published, deadline }));
    }
    if sink.wants(&LABEL_VARIANT) {
        for v in p.label_variants() {
            let mut f = Finding::new(
                &LABEL_VARIANT,
                vec![],
                Detail::Label { printed: v.printed.clone(), official: v.official.clone() },
            );
            f.place = v.at;
            sink.push(f);
        }
    }
}

/// Every single-report rule but those in `skip`.
fn evaluate<S: Source + ?Sized>(p: &S, sink: &mut impl Sink, skip: &[&'static Rule]) {
    cell_findings(p, sink);
    let reports = Reports { current: p, previous: None };
    for (rule, identity) in identities(p.edition()) {
        if sink.done() {
            return;
        }
        if !skip.iter().any(|r| std::ptr::eq(*r, *rule)) {
            reports.evaluate(rule, identity, sink);
        }
    }
    meta_findings(p, sink);
    if let Some(prose) = p.prose() {
        super::prose::findings(p, prose, sink);
    }
}

/// A finding about a year of a series (`X.missing_year`,
/// `X.duplicate_year`).
pub(crate) fn series_year(year: u16, missing: bool) -> Finding {
    let rule = if missing { &X_MISSING_YEAR } else { &X_DUPLICATE_YEAR };
    Finding::new(rule, vec![], Detail::SeriesYear { year, missing })
}

/// Every single-report finding for `p`.
pub(crate) fn check<S: Source + ?Sized>(p: &S) -> Findings {
    let mut found = Vec::new();
    evaluate(p, &mut found, &[]);
    Findings::sorted(found)
}

/// The rules whose identities hold by construction where every total is
/// derived from the leaves (a strict report): each total is its sum.
static HOLD_BY_CONSTRUCTION: [&Rule; 3] = [&T3_ROW_TOTAL, &T3_OUTCOME_TOTAL, &T4_TOTAL];

/// The findings of a strict report whose totals were derived from its
/// leaves: the identities that hold by construction are not evaluated
/// (a property test shows that they hold); a finding that names only
/// derived cells follows from one on the leaves and is left out, except a
/// total too large to hold, and so is a sum over a leaf already wrong by
/// itself; the derived cells of the rest are marked.
pub(crate) fn check_strict<S: Source + ?Sized>(p: &S) -> Findings {
    let layout = Layout::of(p.edition());
    let mut found = Vec::new();
    evaluate(p, &mut found, &HOLD_BY_CONSTRUCTION);
    // A leaf that is wrong by itself (negative, not a number) is reported
    // there, once: the sums it enters say nothing more.
    let wrong: Vec<CellRef> =
        found.iter().filter(|f| matches!(f.detail, Detail::Cell(_))).map(|f| f.cells[0].cell).collect();
    found.retain(|f| {
        let about_a_wrong_leaf =
            matches!(f.detail, Detail::Identity { .. }) && f.cells.iter().any(|c| wrong.contains(&c.cell));
        let given = std::ptr::eq(f.rule, &CELL_OVERFLOW)
            || f.cells.is_empty()
            || f.cells.iter().any(|c| !layout.is_derived(c.cell));
        given && !about_a_wrong_leaf
    });
    for f in &mut found {
        for c in &mut f.cells {
            c.derived = layout.is_derived(c.cell);
        }
    }
    Findings::sorted(found)
}

/// Whether `p` has no error finding; stops at the first.
pub(crate) fn is_valid<S: Source + ?Sized>(p: &S) -> bool {
    let mut sink = FirstError(false);
    evaluate(p, &mut sink, &[]);
    !sink.0
}

/// The cross-year findings of `current` against `previous`.
pub(crate) fn check_pair(previous: &Published, current: &Published) -> Findings {
    let mut found = Vec::new();
    let reports = Reports { current, previous: Some(previous) };
    for (rule, identity) in pair_identities(previous.edition(), current.edition()) {
        reports.evaluate(rule, identity, &mut found);
    }
    let years = (previous.meta().year(), current.meta().year());
    for f in &mut found {
        f.years = Some(years);
    }
    Findings::sorted(found)
}

/// Makes `current` continue `previous` in `section` (for generated pairs):
/// each cross-year identity whose actual side is one cell of `section` in
/// the current year has that cell set to its expected sum; where the sum
/// is below 0, the previous year's first added term is raised to make it 0.
/// Returns the current-year cells of `section` that the identities hold.
#[cfg(feature = "proptest")]
pub(crate) fn continue_section(previous: &mut Published, current: &mut Published, section: Section) -> Vec<CellRef> {
    let mut held = Vec::new();
    for (_, identity) in pair_identities(previous.edition(), current.edition()) {
        let [actual] = identity.actual.as_slice() else { continue };
        if actual.cell.section() != section || actual.year != Year::Current || identity.compare != Compare::Equal {
            continue;
        }
        let sum = |previous: &Published, current: &Published| {
            identity.expected.iter().try_fold(Decimal::ZERO, |acc, t| {
                let d = if t.year == Year::Previous { previous } else { current }.figure_or_zero(t.cell);
                if t.negated { acc.checked_sub(d) } else { acc.checked_add(d) }
            })
        };
        let Some(mut total) = sum(previous, current) else { continue };
        if total.is_sign_negative() {
            let Some(raise) = identity.expected.iter().find(|t| t.year == Year::Previous && !t.negated) else {
                continue;
            };
            let raised = previous.figure_or_zero(raise.cell) - total;
            let _ = previous.set(raise.cell, crate::Cell::number(raise.cell.info().kind(), raised));
            total = Decimal::ZERO;
        }
        let _ = current.set(actual.cell, crate::Cell::number(actual.cell.info().kind(), total));
        held.push(actual.cell);
        held.extend(identity.expected.iter().filter(|t| t.year == Year::Current).map(|t| t.cell));
    }
    held
}
