#!/usr/bin/env python3
"""Makes the signature of dsse-ed25519-small-order-r.json: Ed25519 with R = identity (order 1).

With the secret scalar a of RFC 8032 TEST 1, S = k*a mod L (k = SHA-512(R || A || M) mod L) makes
[S]B = R + [k]A hold, so cofactorless RFC 8032 verification accepts the signature although R is a
small-order point; strict verification (tprov's verify_strict) must reject it.
Pure Python point arithmetic; prints the signature in hex and base64, and whether OpenSSL (via
pyca/cryptography, when installed) accepts it.
"""
import hashlib, base64, json
p = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
d = -121665 * pow(121666, p-2, p) % p
def inv(x): return pow(x, p-2, p)
def add(P, Q):
    x1,y1=P; x2,y2=Q
    x3=(x1*y2+x2*y1)*inv(1+d*x1*x2*y1*y2)%p
    y3=(y1*y2+x1*x2)*inv(1-d*x1*x2*y1*y2)%p
    return (x3,y3)
def mul(k,P):
    Q=(0,1)
    while k:
        if k&1: Q=add(Q,P)
        P=add(P,P); k>>=1
    return Q
gy=4*inv(5)%p
def xrecover(y):
    xx=(y*y-1)*inv(d*y*y+1)%p
    x=pow(xx,(p+3)//8,p)
    if (x*x-xx)%p: x=x*pow(2,(p-1)//4,p)%p
    if x%2: x=p-x
    return x
B=(xrecover(gy),gy)
def enc(P):
    x,y=P
    return (y | ((x&1)<<255)).to_bytes(32,'little')
seed=bytes.fromhex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60')
h=hashlib.sha512(seed).digest()
a=int.from_bytes(h[:32],'little'); a&=(1<<254)-8; a|=1<<254
A=mul(a,B)
assert enc(A).hex()=='d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'
ptype='http://example.com/HelloWorld'; payload=b'hello world'
M=b'DSSEv1 %d %s %d %s'%(len(ptype),ptype.encode(),len(payload),payload)
R=(0,1)
Renc=enc(R)
k=int.from_bytes(hashlib.sha512(Renc+enc(A)+M).digest(),'little')%L
S=k*a%L
sig=Renc+S.to_bytes(32,'little')
# check the cofactorless equation [S]B = R + [k]A
assert mul(S,B)==add(R,mul(k,A))
print(sig.hex()); print(base64.b64encode(sig).decode())
try:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
except ImportError:
    raise SystemExit(0)
try:
    Ed25519PublicKey.from_public_bytes(enc(A)).verify(sig, M)
    print("OpenSSL accepts it")
except Exception as error:
    print("OpenSSL rejects it:", type(error).__name__)
