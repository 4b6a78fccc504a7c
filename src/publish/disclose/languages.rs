//! Language names for the disclosure sentence: a small table of common BCP 47 tags in English
//! and Chinese; any other tag is shown as written, which is still exact.

use super::Language;

/// (tag, English name, Chinese name). Tags with a script come before their language alone.
const NAMES: &[(&str, &str, &str)] = &[
    ("zh-Hans", "Simplified Chinese", "简体中文"),
    ("zh-Hant", "Traditional Chinese", "繁体中文"),
    ("zh", "Chinese", "中文"),
    ("yue", "Cantonese", "粤语"),
    ("en", "English", "英文"),
    ("ja", "Japanese", "日文"),
    ("ko", "Korean", "韩文"),
    ("fr", "French", "法文"),
    ("de", "German", "德文"),
    ("es", "Spanish", "西班牙文"),
    ("pt", "Portuguese", "葡萄牙文"),
    ("it", "Italian", "意大利文"),
    ("ru", "Russian", "俄文"),
    ("uk", "Ukrainian", "乌克兰文"),
    ("ar", "Arabic", "阿拉伯文"),
    ("fa", "Persian", "波斯文"),
    ("hi", "Hindi", "印地文"),
    ("vi", "Vietnamese", "越南文"),
    ("th", "Thai", "泰文"),
    ("id", "Indonesian", "印尼文"),
    ("tr", "Turkish", "土耳其文"),
    ("nl", "Dutch", "荷兰文"),
    ("pl", "Polish", "波兰文"),
];

/// The name of the language `tag` names, in `language`; the tag itself when the table has none.
pub fn language_name(tag: &str, language: Language) -> String {
    let subtags: Vec<&str> = tag.split('-').collect();
    let primary = subtags[0];
    let script = subtags
        .iter()
        .skip(1)
        .find(|s| s.len() == 4 && s.bytes().all(|b| b.is_ascii_alphabetic()));
    let with_script = script.map(|s| format!("{primary}-{s}"));
    let candidates = with_script.iter().map(String::as_str).chain([primary]);
    for candidate in candidates {
        if let Some((_, en, zh)) = NAMES
            .iter()
            .find(|(t, _, _)| t.eq_ignore_ascii_case(candidate))
        {
            return match language {
                Language::English => (*en).to_owned(),
                Language::Chinese => (*zh).to_owned(),
            };
        }
    }
    tag.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_by_tag() {
        assert_eq!(language_name("zh", Language::English), "Chinese");
        assert_eq!(language_name("zh-CN", Language::English), "Chinese");
        assert_eq!(language_name("zh-Hant-TW", Language::Chinese), "繁体中文");
        assert_eq!(language_name("EN-gb", Language::Chinese), "英文");
        assert_eq!(language_name("tlh", Language::English), "tlh");
    }
}
