credcatSearchData("terms/6265.json", {
  "berjadual": [
    2,
    4
  ],
  "bersepah": [
    2,
    1
  ]
}
);
