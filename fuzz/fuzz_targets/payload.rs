//! Arbitrary bytes as a DSSE payload: `Statement::from_payload` must never panic, and a record
//! it accepts must survive `to_payload` → `from_payload` unchanged (unknown fields included).

#![no_main]

use libfuzzer_sys::fuzz_target;
use tprov::record::Statement;

fuzz_target!(|data: &[u8]| {
    let Ok(statement) = Statement::from_payload(data) else {
        return;
    };
    let payload = statement.to_payload();
    let again = Statement::from_payload(&payload).expect("a payload tprov wrote parses");
    assert_eq!(
        again, statement,
        "to_payload → from_payload changed the record"
    );
    assert_eq!(again.to_payload(), payload, "to_payload is not stable");

    tprov::render::statement(&statement, &mut Vec::new()).expect("rendering to memory");
    let fields = tprov::review::compare::compare_records(&statement, &again);
    assert!(!fields.is_empty());
});
