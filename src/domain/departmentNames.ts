/** The group of items no department is known for (narrative imports): /status 未定部门 opens it. */
export const NO_DEPARTMENT = '未定部门';

/**
 * Short and full names of city departments as people type them. The first name
 * of each entry is the one duban shows.
 */
export const KNOWN_DEPARTMENT_NAMES: string[][] = [
  ['市委政法委', '政法委', '中共永康市委政法委员会'],
  ['市发改局', '市发展和改革局', '发改局', '发展改革局'],
  ['市经信局', '市经济和信息化局', '经信局'],
  ['市科技局', '市科学技术局', '科技局'],
  ['市教育局', '教育局'],
  ['市民政局', '民政局'],
  ['市人力社保局', '市人力资源和社会保障局', '人社局', '市人社局', '人力社保局'],
  ['市自然资源和规划局', '市自规局', '自然资源局', '市资规局'],
  ['生态环境永康分局', '金华市生态环境局永康分局', '市生态环境分局', '环保局'],
  ['市交通运输局', '市交通局', '交通局'],
  ['市商务局', '商务局'],
  ['市应急管理局', '市应急局', '应急局'],
  ['市财政局', '财政局'],
  ['市住建局', '市住房和城乡建设局', '住建局'],
  ['市农业农村局', '市农业局', '农业农村局'],
  ['市市场监管局', '市市场监督管理局', '市场监管局'],
  ['市卫健局', '市卫生健康局', '卫健局'],
  ['市水务局', '水务局'],
  ['市公安局', '公安局'],
  ['市综合执法局', '市综合行政执法局', '综合执法局'],
];

/** Folds what IMEs and PDFs vary: width, spaces, case. */
export function normaliseDepartmentName(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

export function knownNamesFor(heading: string): string[] | undefined {
  const key = normaliseDepartmentName(heading);
  return KNOWN_DEPARTMENT_NAMES.find((names) => names.some((n) => normaliseDepartmentName(n) === key));
}

/** What a department, a town or a state company is called by: 市发改局, 西城街道, 生态环境永康分局, 市城投公司. */
const DEPARTMENT_SHAPE = /(局|委|办|办公室|分局|镇|乡|街道|中心|区|公司|集团|院|所|部|厅|处|会|队|站|馆|社|行)$/;

/**
 * Whether a printed heading can be taken as a department: a known name or
 * alias, or the shape of one. A person's name or a stray line is neither.
 */
export function looksLikeDepartmentName(heading: string): boolean {
  if (knownNamesFor(heading)) return true;
  const name = normaliseDepartmentName(heading).replace(/[(（][^)）]*[)）]$/, '');
  return name.length >= 3 && name.length <= 24 && !/[，。；：、！？,.;:!?\d%]/.test(name) && DEPARTMENT_SHAPE.test(name);
}
