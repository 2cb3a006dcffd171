/**
 * The `size` field of the RentTheRunway clothing-fit dataset (Misra, Wan & McAuley, RecSys 2018): an
 * integer 0..58 given without any size system. It is a numeric size code of the retailer's catalogue, not a
 * label of any system in lib/sizes; its relation to body dimensions or to US/EU sizes is not published, so
 * lib/sizes does not parse or convert it: no conversion is invented. Use it as a code within the dataset (that
 * larger codes are larger garments is plausible but undocumented), and the dataset's own body measurements
 * (bust size, height, weight) for anything physical.
 */
export type RentTheRunwaySizeCode = number;
