// WeChat's built-in emoji travel as bracketed names, "[微笑]". This is the named set WeChat offers
// in its panel (the classic faces, the gestures and objects, and the newer faces up to 2024), in
// the panel's order, so the picker shows them where an agent expects them. Main checks the
// recent-emoji setting against it, the renderer draws these names as chips.
export const WECHAT_EMOJI = [
  '微笑', '撇嘴', '色', '发呆', '得意', '流泪', '害羞', '闭嘴', '睡', '大哭', '尴尬', '发怒', '调皮', '呲牙', '惊讶', '难过',
  '囧', '抓狂', '吐', '偷笑', '愉快', '白眼', '傲慢', '困', '惊恐', '憨笑', '悠闲', '咒骂', '疑问', '嘘', '晕', '衰',
  '骷髅', '敲打', '再见', '擦汗', '抠鼻', '鼓掌', '坏笑', '右哼哼', '鄙视', '委屈', '快哭了', '阴险', '亲亲', '可怜', '笑脸', '生病',
  '脸红', '破涕为笑', '恐惧', '失望', '无语', '嘿哈', '捂脸', '奸笑', '机智', '皱眉', '耶', '吃瓜', '加油', '汗', '天啊', 'Emm',
  '社会社会', '旺柴', '好的', '打脸', '哇', '翻白眼', '666', '让我看看', '叹气', '苦涩', '裂开', '嘴唇', '爱心', '心碎', '拥抱', '强',
  '弱', '握手', '胜利', '抱拳', '勾引', '拳头', 'OK', '合十', '啤酒', '咖啡', '蛋糕', '玫瑰', '凋谢', '菜刀', '炸弹', '便便',
  '月亮', '太阳', '庆祝', '礼物', '红包', '發', '福', '烟花', '爆竹', '猪头', '跳跳', '发抖', '转圈',
  // Older names WeChat still renders when a customer's client sends them, not offered in its panel.
  '酷', '冷汗', '可爱', '饥饿', '流汗', '大兵', '奋斗', '疯了', '折磨', '糗大了', '左哼哼', '哈欠', '吓', '西瓜', '篮球', '乒乓',
  '饭', '示爱', '闪电', '刀', '足球', '瓢虫', '差劲', '爱你', 'NO', '爱情', '飞吻', '怄火', '磕头', '回头', '跳绳', '投降',
  '激动', '乱舞', '献吻', '左太极', '右太极', '鸡', '礼花',
] as const;

/** The names the panel offers; the rest of WECHAT_EMOJI are only drawn, never suggested. */
export const WECHAT_EMOJI_PANEL_COUNT = 109;

/** The English client's names for the same faces ("[Facepalm]" is [捂脸]): drawn, never offered. */
export const WECHAT_EMOJI_ENGLISH = [
  'Hey', 'Facepalm', 'Smirk', 'Smart', 'Concerned', 'Yeah!', 'Packet', 'Chick', 'Blessing', 'Onlooker', 'GoForIt', 'Sweats',
  'OMG', 'Sigh', 'Awesome', 'LetMeSee', 'Respect', 'Doge', 'NoProb', 'MyBad', 'Wow', 'Boring', 'Hurt',
] as const;

export type WechatEmojiName = (typeof WECHAT_EMOJI)[number];
