// WeChat sends its built-in emoji as bracketed names, "[抓狂]". They stay text (copyable,
// searchable); the names WeChat really uses are drawn as a chip, anything else in brackets is
// left exactly as written.
const NAMES =
  '微笑 撇嘴 色 发呆 得意 流泪 害羞 闭嘴 睡 大哭 尴尬 发怒 调皮 呲牙 惊讶 难过 酷 冷汗 抓狂 吐 偷笑 愉快 可爱 白眼 傲慢 饥饿 困 ' +
  '惊恐 流汗 憨笑 悠闲 大兵 奋斗 咒骂 疑问 嘘 晕 疯了 折磨 衰 骷髅 敲打 再见 擦汗 抠鼻 鼓掌 糗大了 坏笑 左哼哼 右哼哼 哈欠 鄙视 ' +
  '委屈 快哭了 阴险 亲亲 吓 可怜 菜刀 西瓜 啤酒 篮球 乒乓 咖啡 饭 猪头 玫瑰 凋谢 嘴唇 示爱 爱心 心碎 蛋糕 闪电 炸弹 刀 足球 瓢虫 ' +
  '便便 月亮 太阳 礼物 拥抱 强 弱 握手 胜利 抱拳 勾引 拳头 差劲 爱你 NO OK 爱情 飞吻 跳跳 发抖 怄火 转圈 磕头 回头 跳绳 投降 激动 ' +
  '乱舞 献吻 左太极 右太极 嘿哈 捂脸 奸笑 机智 皱眉 耶 吃瓜 加油 汗 天啊 Emm 社会社会 旺柴 好的 打脸 哇 翻白眼 666 让我看看 叹气 ' +
  '苦涩 裂开 烟花 爆竹 福 鸡 红包 發 合十 破涕为笑 笑脸 生病 脸红 恐惧 失望 无语 庆祝 礼花 囧 Hey Facepalm Smirk Smart Concerned ' +
  'Yeah! Packet Chick Blessing Onlooker GoForIt Sweats OMG Sigh Awesome LetMeSee Respect Doge NoProb MyBad Wow Boring Hurt';
const KNOWN = new Set(NAMES.split(' '));

export type EmojiSegment = { type: 'text'; text: string } | { type: 'emoji'; text: string };

const CODE = /\[([^[\]\s]{1,10})\]/g;

export function splitEmoji(text: string): EmojiSegment[] {
  const out: EmojiSegment[] = [];
  let at = 0;
  for (const match of text.matchAll(CODE)) {
    if (!KNOWN.has(match[1] ?? '')) continue;
    if (match.index > at) out.push({ type: 'text', text: text.slice(at, match.index) });
    out.push({ type: 'emoji', text: match[0] });
    at = match.index + match[0].length;
  }
  if (at < text.length) out.push({ type: 'text', text: text.slice(at) });
  return out;
}
