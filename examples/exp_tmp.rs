use octolint::yaml::*;
fn main() {
    let (old, new) = (
        "block scaxlar: >\n \n?  \n invalid\n",
        "block scaxlar: # c\n invalid\n",
    );
    let o = load(old);
    println!("{:?}", o);
    let e = load(new);
    println!("{:?}", e);
    let d = splice(old, o, new);
    println!("{:?}", d);
}
