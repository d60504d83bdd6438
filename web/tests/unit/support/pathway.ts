// Fact schema, classification and plan fixtures in the shapes of data/pathway/facts.json,
// classification_to_json and pathway_to_json (src/pathway), for the pathway tests. The schema's
// keys are sorted, as the API (nlohmann::json) sends them.
import type { ClassifyResult, FactSchema, Pathway } from '../../../src/api/types'

const L = (zh: string, en: string) => ({ zh, en })

export const SCHEMA: FactSchema = {
  version: 1,
  facts: {
    absorbable: { type: 'bool', label: L('可被人体吸收', 'absorbed by the body'), source: '分类规则第六条(五)' },
    active: { type: 'bool', label: L('有源医疗器械', 'active device'), source: '分类规则第三条' },
    body_contact: { type: 'bool', label: L('接触人体器械', 'in contact with the body') },
    body_sites: {
      type: 'enum_list',
      label: L('接触人体的部位', 'body sites the device contacts'),
      values: [
        { value: 'intact_skin', label: L('完整皮肤', 'intact skin') },
        { value: 'central_circulation', label: L('中心循环系统', 'central circulatory system') },
        { value: 'heart', label: L('心脏', 'heart') },
      ],
    },
    continuous_use_hours: { type: 'number', min: 0, label: L('预期连续使用时间(小时)', 'intended continuous use in hours') },
    delivers_medicinal_product: { type: 'bool', label: L('用于给予药物', 'intended to administer medicinal products') },
    drug_combination: {
      type: 'enum',
      label: L('药械组合产品', 'drug–device combination'),
      values: [
        { value: 'none', label: L('不是药械组合产品', 'not a combination product') },
        { value: 'device_primary', label: L('以医疗器械作用为主的药械组合产品', 'combination product with the device’s action primary') },
      ],
    },
    implant_kind: {
      type: 'enum',
      label: L('植入物种类', 'kind of implant'),
      values: [
        { value: 'other', label: L('其他', 'other') },
        { value: 'joint_replacement', label: L('全部或部分关节置换', 'total or partial joint replacement') },
      ],
    },
    invasiveness: {
      type: 'enum',
      label: L('侵入方式', 'how the device enters the body'),
      values: [
        { value: 'non_invasive', label: L('非侵入', 'non-invasive') },
        { value: 'implantable', label: L('植入', 'implantable') },
      ],
    },
    ivd_reagent: { type: 'bool', label: L('体外诊断试剂', 'in-vitro diagnostic reagent') },
    sterile: { type: 'bool', label: L('以无菌形式提供', 'supplied sterile') },
    use_form: {
      type: 'enum',
      label: L('使用形式', 'form of use (NMPA)'),
      values: [
        { value: 'invasive', label: L('无源接触人体:侵入器械', 'passive, body contact: invasive device') },
        { value: 'implant', label: L('无源接触人体:植入器械', 'passive, body contact: implant') },
      ],
    },
  },
  constraints: [],
}

export const CLASSES: ClassifyResult = {
  nmpa: {
    system: 'NMPA',
    class: 'III',
    rank: 3,
    principle: L('第六条(一):采取其中风险程度最高的分类。', 'Art. 6(1): the highest-risk classification applies.'),
    decisive: ['A1-6', '6(4)'],
    applied: [
      {
        id: 'A1-6',
        source: '《医疗器械分类规则》 附件 第6行 植入器械',
        text: L('无源接触人体的植入器械,按使用时限与接触部位查判定表。', 'Passive implants: read the class from the decision table.'),
        class: 'III',
        because: 'nmpa_duration = long_term, nmpa_site = circulation_cns',
      },
      { id: '6(4)', source: '《医疗器械分类规则》 第六条(四)', text: L('以医疗器械作用为主的药械组合产品,按照第三类医疗器械管理。', 'A device-primary combination product is class III.'), class: 'III' },
      { id: '6(8)', source: '《医疗器械分类规则》 第六条(八)', text: L('以无菌形式提供的医疗器械,其分类应不低于第二类。', 'A device supplied sterile is class II or higher.'), class: 'II' },
    ],
    missing: [],
  },
  mdr: {
    system: 'EU MDR',
    class: 'IIb',
    rank: 3,
    principle: L('附录VIII 第3.5节:适用导致较高类别的最严格规则。', 'Annex VIII §3.5: the strictest rule applies.'),
    decisive: ['Rule 8'],
    applied: [{ id: 'Rule 8', source: 'MDR Annex VIII Rule 8', text: L('所有植入器械为IIb类。', 'All implantable devices are class IIb.'), class: 'IIb' }],
    missing: [
      { fact: 'body_sites', label: L('接触人体的部位', 'body sites the device contacts'), could_raise_to: 'III', rules: ['Rule 8 (heart, CCS, CNS)'] },
    ],
  },
}

export const PLAN: Pathway = {
  nmpa_class: 3,
  nmpa: CLASSES.nmpa,
  mdr: CLASSES.mdr,
  routes: [
    {
      market: 'CN',
      id: 'cn_class3_registration',
      name: L('第三类医疗器械注册', 'class III registration'),
      authority: L('国家药品监督管理局', 'NMPA'),
      source: '《医疗器械监督管理条例》 第十六条',
      class: 'III',
      steps: [
        { id: 'cn_type_testing', name: L('注册检验', 'type testing'), working_days: [63, 126], basis: 'assumption', source: '经验值', conditional: false, as_stored: '3–6 months' },
        {
          id: 'cn_clinical_trial_approval',
          name: L('临床试验审批', 'clinical-trial approval'),
          working_days: [30, 30],
          basis: 'statutory',
          source: '条例第二十七条',
          conditional: true,
          override: { id: 'beijing_2025_trial_review_30wd', source: '北京市措施(2025年)' },
        },
        { id: 'cn_technical_review_class3', name: L('技术审评', 'technical review'), working_days: [90, 150], basis: 'statutory', source: '办法', conditional: false },
      ],
      total_working_days: [153, 306],
    },
    {
      market: 'EU',
      id: 'eu_class3',
      name: L('III类符合性评估', 'class III conformity assessment'),
      authority: L('公告机构', 'notified body'),
      source: 'MDR Article 52',
      class: 'IIb',
      steps: [
        { id: 'eu_technical_documentation', name: L('技术文档', 'technical documentation'), working_days: [40, 120], basis: 'typical', source: 'Annex II', conditional: false },
        { id: 'eu_notified_body_assessment', name: L('公告机构评估', 'notified body assessment'), working_days: [252, 378], basis: 'typical', source: 'Annex IX', conditional: false },
      ],
      total_working_days: [292, 498],
    },
  ],
  programs: [
    {
      id: 'innovation',
      name: L('创新医疗器械特别审查程序', 'special review procedure for innovative medical devices'),
      source: '公告2018年第83号 第二条',
      eligible: 'yes',
      reason: 'every criterion is met',
      criteria: [{ id: 'patent', text: L('拥有核心技术发明专利', 'owns a core-technology invention patent'), status: 'yes', missing: [] }],
    },
    {
      id: 'priority',
      name: L('医疗器械优先审批程序', 'priority review procedure'),
      source: '公告2016年第168号',
      eligible: 'unknown',
      reason: 'undecided: priority_grounds is not known',
      criteria: [{ id: 'rare_disease', text: L('诊断或者治疗罕见病', 'diagnoses or treats a rare disease'), status: 'unknown', missing: ['priority_grounds', 'clear_clinical_advantage'] }],
    },
  ],
  notes: [{ topic: 'fda_class', text: 'FDA class taken to equal the NMPA class (3).' }],
}
