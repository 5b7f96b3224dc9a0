"""The catalogue behind :mod:`nmjlib.disorders`: each disorder and treatment with the conditions,
registry rows and sources it rests on. Private; the public names are re-exported there."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ._validation import check_choice

SITES = ("axon/motor neuron", "terminal", "cleft", "postsynaptic membrane", "signalling")
_GROUPS = ("autoimmune", "toxin", "congenital", "motor neuron")


@dataclass(frozen=True)
class Disorder:
    """A disorder as a change to the models.

    Attributes
    ----------
    name, label : str
        Identifier and readable name.
    group : str
        ``"autoimmune"``, ``"toxin"``, ``"congenital"`` or ``"motor neuron"``.
    site : str
        Where it acts (a site of :func:`nmjlib.plotting.disorder_map`).
    mechanism : str
        One sentence: the cause and how the model represents it.
    conditions : tuple of str
        :mod:`nmjlib.synapse` condition names applied to the junction (empty: no change to
        transmission at the junctions that remain).
    denervated_row : tuple of (str, str) or None
        Registry row and species giving the percentage of end-plates without a nerve.
    facts : tuple of (str, str)
        Registry rows (name, species) behind the chapter's clinical facts (antibodies, genes,
        biomarkers).
    """

    name: str
    label: str
    group: str
    site: str
    mechanism: str
    conditions: tuple[str, ...] = ()
    denervated_row: tuple[str, str] | None = None
    facts: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        check_choice("group", self.group, _GROUPS)
        check_choice("site", self.site, SITES)


@dataclass(frozen=True)
class Treatment:
    """A treatment as a change to the models, with the sources for where it helps or harms.

    Attributes
    ----------
    name, label : str
        Identifier and readable name.
    mechanism : str
        What it does, in one sentence.
    conditions : tuple of str
        :mod:`nmjlib.synapse` conditions it adds to a simulation (empty when it acts upstream
        of the junction and the models have no term for it).
    moves : str
        The model parameter it is meant to change when ``conditions`` is empty (for example
        ``receptor_fraction``), or ``""``.
    helps : tuple of str
        Disorders in which a source reports benefit.
    avoid_in : tuple of str
        Disorders in which a source reports no benefit or harm.
    evidence : tuple of (str, str)
        Registry rows (name, species) with the trial or mechanism numbers.
    citations : tuple of str
        Bibliography keys for ``helps`` and ``avoid_in`` (qualitative statements).
    source_says : tuple of (str, str)
        For each disorder in ``helps`` or ``avoid_in``, what the source says, in its own terms
        ("usually no response" is not "harm").
    """

    name: str
    label: str
    mechanism: str
    conditions: tuple[str, ...] = ()
    moves: str = ""
    helps: tuple[str, ...] = ()
    avoid_in: tuple[str, ...] = ()
    evidence: tuple[tuple[str, str], ...] = ()
    citations: tuple[str, ...] = ()
    source_says: tuple[tuple[str, str], ...] = ()


_D = Disorder
DISORDERS: Mapping[str, Disorder] = MappingProxyType(
    {
        d.name: d
        for d in (
            _D(
                "myasthenia_gravis_achr",
                "myasthenia gravis with AChR antibodies",
                "autoimmune",
                "postsynaptic membrane",
                "antibodies to the receptor (in one preprint 59.7% of positive sera formed the membrane"
                " attack complex of complement in vitro, obaid2021); the model scales quantal size"
                " by the toxin-binding fraction of patients' biopsies (pestronk1985)",
                ("myasthenia_gravis",),
                facts=(("mg_achr_antibody_positive_percent", "human"),),
            ),
            _D(
                "myasthenia_gravis_musk",
                "myasthenia gravis with MuSK antibodies",
                "autoimmune",
                "signalling",
                "antibodies to MuSK, mainly IgG4, which does not activate complement (koneczny2013); the"
                " model scales"
                " quantal size by the receptor staining left in mice given patients' IgG (cole2008)",
                ("musk_mg",),
                facts=(("mg_musk_positive_percent_of_seronegative", "human"),),
            ),
            _D(
                "lambert_eaton",
                "Lambert-Eaton myasthenic syndrome",
                "autoimmune",
                "terminal",
                "antibodies to P/Q-type calcium channels reduce release; the model scales release by the"
                " passive-transfer ratio (kim1985)",
                ("lambert_eaton",),
                facts=(
                    ("lems_pq_antibody_percent_with_cancer", "human"),
                    ("lems_pq_antibody_percent_without_cancer", "human"),
                    ("lems_lung_cancer_percent", "human"),
                ),
            ),
            _D(
                "botulism",
                "botulism",
                "toxin",
                "terminal",
                "the toxin cleaves SNARE proteins and blocks vesicle fusion; the model scales release by an"
                " illustrative factor, and nmjlib.botulinum gives the weeks of recovery",
                ("botulism",),
                facts=(("bont_a_release_half_recovery_one_injection", "mouse"),),
            ),
            _D(
                "cms_slow_channel",
                "slow-channel congenital myasthenic syndrome",
                "congenital",
                "postsynaptic membrane",
                "gain-of-function receptor mutations keep channels open too long; the model prolongs the"
                " end-plate current by the burst prolongation measured in patients (scms2020)",
                ("slow_channel",),
                facts=(("slow_channel_burst_prolongation_with_rcmap", "human"),),
            ),
            _D(
                "cms_colq",
                "end-plate acetylcholinesterase (COLQ) deficiency",
                "congenital",
                "cleft",
                "no esterase anchored in the cleft, so acetylcholine acts longer; the model prolongs the"
                " end-plate current by an illustrative factor",
                ("ache_deficiency",),
                facts=(("cms_colq_patients_austria", "human"),),
            ),
            _D(
                "cms_achr_deficiency",
                "congenital AChR deficiency (CHRNE and other subunit genes)",
                "congenital",
                "postsynaptic membrane",
                "too few receptors reach the end-plate; the model scales quantal size by an illustrative"
                " receptor fraction",
                ("cms_achr_deficiency",),
                facts=(("cms_chrne_percent_austria", "human"),),
            ),
            _D(
                "cms_dok7",
                "DOK7 congenital myasthenic syndrome",
                "congenital",
                "signalling",
                "DOK7 is a partner of MuSK in the signalling that clusters receptors; its mechanism is not"
                " modelled: the model uses the same"
                " illustrative receptor fraction as congenital AChR deficiency",
                ("cms_achr_deficiency",),
                facts=(("cms_dok7_patients_austria", "human"),),
            ),
            _D(
                "als_sod1_mouse",
                "amyotrophic lateral sclerosis (SOD1-G93A mouse)",
                "motor neuron",
                "axon/motor neuron",
                "motor axons withdraw from their end-plates before the motor neurons die; the model"
                " removes the denervated fraction of fibres from the CMAP",
                (),
                denervated_row=("sod1_nmj_innervation_loss_percent_p30", "mouse"),
                facts=(("motor_unit_loss_onset_age_sod1_g93a", "mouse"),),
            ),
            _D(
                "sma_mouse",
                "spinal muscular atrophy (SMN-deficient mouse)",
                "motor neuron",
                "axon/motor neuron",
                "immature junctions release less; the model scales release by the end-plate current"
                " ratio measured in SMA mice (kong2009)",
                ("sma_release",),
                facts=(("sma_epc_amplitude_ratio", "mouse"),),
            ),
        )
    }
)

_T = Treatment
TREATMENTS: Mapping[str, Treatment] = MappingProxyType(
    {
        t.name: t
        for t in (
            _T(
                "pyridostigmine",
                "cholinesterase inhibitor (pyridostigmine)",
                "slows the breakdown of acetylcholine, so each quantum acts longer",
                conditions=("cholinesterase_inhibitor",),
                helps=("myasthenia_gravis_achr",),
                avoid_in=("cms_colq", "cms_dok7", "cms_slow_channel"),
                citations=("rcmap_mg2016", "genereviews_cms", "dok7_ephedrine_oxford", "chaouch2012"),
                source_says=(
                    ("myasthenia_gravis_achr", "widely used to treat myasthenia gravis (rcmap_mg2016)"),
                    ("cms_colq", "usually no response to long-term treatment (genereviews_cms)"),
                    ("cms_dok7", "usually no response, or worse (dok7_ephedrine_oxford; genereviews_cms)"),
                    ("cms_slow_channel", "fails to improve symptoms; poor response (chaouch2012)"),
                ),
            ),
            _T(
                "three_four_dap",
                "3,4-diaminopyridine",
                "raises release (its potassium-channel mechanism is textbook background, not read in a source here)",
                conditions=("three_four_dap",),
                helps=("lambert_eaton",),
                evidence=(("dap_cmap_gain_lems_meta_analysis", "human"),),
                citations=("dap_metaanalysis2021",),
            ),
            _T(
                "open_channel_blocker",
                "open-channel blocker (fluoxetine, quinidine)",
                "blocks open receptor channels and so shortens the prolonged end-plate current",
                conditions=("open_channel_blocker",),
                helps=("cms_slow_channel",),
                avoid_in=("cms_achr_deficiency",),
                citations=("chaouch2012", "cms_clues2007", "genereviews_cms"),
                source_says=(
                    (
                        "cms_slow_channel",
                        "useful when channel openings are prolonged (cms_clues2007);"
                        " fluoxetine beneficial in most of one series (chaouch2012)",
                    ),
                    ("cms_achr_deficiency", "quinidine may be detrimental in AChR deficiency (genereviews_cms)"),
                ),
            ),
            _T(
                "beta2_agonist",
                "beta-2 adrenergic agonist (salbutamol, ephedrine)",
                "acts by a mechanism the models lack",
                moves="receptor_fraction",
                helps=("cms_dok7", "cms_colq", "cms_achr_deficiency"),
                evidence=(
                    ("ephedrine_dok7_patients_schara2009", "human"),
                    ("salbutamol_chrne_patients", "human"),
                    ("salbutamol_chrne_qmg_p_value", "human"),
                    ("salbutamol_dok7_patients_improved", "human"),
                ),
                citations=("schara2009", "dok7_ephedrine_oxford", "genereviews_cms", "rodriguezcruz2015", "burke2013"),
                source_says=(
                    ("cms_dok7", "ephedrine: improvement in all 8 patients of one series (schara2009)"),
                    (
                        "cms_colq",
                        "ephedrine and albuterol beneficial in a few, especially DOK7 or COLQ (genereviews_cms)",
                    ),
                    ("cms_achr_deficiency", "salbutamol: QMG improved, p = 0.027, in 6 patients (rodriguezcruz2015)"),
                ),
            ),
            _T(
                "thymectomy",
                "thymectomy",
                "removes the thymus (how it helps is not modelled, and not read in a source here)",
                moves="receptor_fraction",
                helps=("myasthenia_gravis_achr",),
                evidence=(("mgtx_qmg_thymectomy", "human"), ("mgtx_qmg_prednisone_alone", "human")),
                citations=("wolfe2016",),
            ),
            _T(
                "rituximab",
                "B-cell depletion (rituximab)",
                "removes the B cells that make the antibodies",
                moves="receptor_fraction",
                helps=("myasthenia_gravis_musk",),
                evidence=(
                    ("rituximab_musk_mg_responders_percent", "human"),
                    ("rituximab_musk_mg_controls_percent", "human"),
                ),
                citations=("hehir2017",),
            ),
            _T(
                "nusinersen",
                "antisense therapy for SMA (nusinersen)",
                "an antisense drug for SMA (its mechanism is not read in a source here)",
                moves="sma_release_factor",
                helps=("sma_mouse",),
                evidence=(
                    ("nusinersen_endear_motor_milestone_responders_percent", "human"),
                    ("nusinersen_endear_motor_milestone_responders_sham_percent", "human"),
                ),
                citations=("finkel2017",),
            ),
        )
    }
)
