// What customers say in the demo's live traffic: short, everyday sales-chat lines, some with a
// phone number (the app turns those into dial links), and how often they say it.

const LINES = [
  '您好，请问这款还有现货吗？',
  '价格能再优惠一点吗？我们公司要得多',
  '上次说的报价单发我一下吧',
  '明天下午方便上门看看吗',
  '我电话 13812345678，方便的时候打给我',
  '收到了，质量不错，谢谢[强]',
  '发票开好了吗？抬头我刚发你了',
  '能加个微信吗？我的手机号是 13912345678',
  '安装师傅几点到？',
  '我同事也想买一台，能给个团购价吗',
  '好的，我考虑一下再联系你',
  '这个型号和上次那个有什么区别？',
  '快递到了，少了一个配件',
  '周末有活动吗？',
  '麻烦回个电话 0571-88886666，找王经理',
  '合同我看过了，没问题，什么时候可以签？',
  '在吗？急事',
  '售后电话是多少？机器有点响',
];

/** A customer line; `pick` is 0 ≤ x < 1. */
export function customerLine(pick: number): string {
  return LINES[Math.floor(pick * LINES.length) % LINES.length]!;
}

/** The next wait: 20 to 40 seconds. */
export function nextTrafficDelayMs(pick: number): number {
  return 20_000 + Math.floor(pick * 20_000);
}
